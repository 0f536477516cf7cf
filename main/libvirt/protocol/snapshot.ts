// Snapshot procedures (remote_protocol.x).
export const SnapshotProc = {
  CREATE_XML: 185,
  GET_XML_DESC: 186,
  LOOKUP_BY_NAME: 189,
  HAS_CURRENT: 190,
  CURRENT: 191,
  REVERT: 192,
  DELETE: 193,
  LIST_ALL: 274,
} as const;
