// The contacts service as commands, jobs and the console see it.
export * from './errors.js';
export { createList, getListByName, listInfo, listLists, removeContact, type ContactList, type ListInfo, type ListSummary } from './lists.js';
export { ingestContacts, MAX_REJECTED_LINES, type IngestInput, type IngestResult } from './ingest.js';
