// Procedures whose reply is followed by a data stream on the same serial (remote_protocol.x @readstream /
// @writestream): the call is answered first, then STREAM packets carry raw bytes (status CONTINUE) and end
// with an empty status OK packet, or an error (status ERROR, remote_error payload).
export const StreamProc = {
  DOMAIN_OPEN_CONSOLE: 201,
  STORAGE_VOL_UPLOAD: 208,
  STORAGE_VOL_DOWNLOAD: 209,
  DOMAIN_SCREENSHOT: 211,
} as const;
