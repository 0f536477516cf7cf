// Saves what the console shows as a PNG file named after the guest and the time.
export function screenshotFileName(guestName: string, at = new Date()): string {
  const stamp = at.toISOString().replace(/\..*$/, '').replace(/[:T]/g, '-');
  return `${guestName.replace(/[^\w.-]+/g, '_')}-${stamp}.png`;
}

export function saveScreenshot(rfb: { toDataURL(type?: string): string }, guestName: string): string {
  const name = screenshotFileName(guestName);
  const a = document.createElement('a');
  a.href = rfb.toDataURL('image/png');
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  return name;
}
