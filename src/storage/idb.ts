/**
 * Promise wrappers over IndexedDB's event callbacks and its few record operations, shared by every database module
 * here. Each returns a promise that rejects (never throws), so a closed database is one .catch away.
 */
export const promised = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

/** Resolves when the transaction commits; rejects on error or abort. */
export const committed = (transaction: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });

/**
 * Opens a database at `version`; `upgrade` creates whatever stores are missing. A missing factory (a browser with
 * IndexedDB disabled, or a worker without it) rejects with a message instead of a TypeError.
 */
export function openDatabase(
  factory: IDBFactory | undefined,
  name: string,
  version: number,
  upgrade: (db: IDBDatabase) => void,
): Promise<IDBDatabase> {
  if (!factory) return Promise.reject(new Error('IndexedDB is not available here'));
  const request = factory.open(name, version);
  request.onupgradeneeded = () => upgrade(request.result);
  return promised(request);
}

/** Creates the object store unless it exists; returns it only when it was just created (to add indexes). */
export function ensureStore(db: IDBDatabase, name: string, keyPath: string | string[]): IDBObjectStore | null {
  return db.objectStoreNames.contains(name) ? null : db.createObjectStore(name, { keyPath });
}

/** Writes one record and resolves once it is committed (a crash after that keeps it). */
export async function putRecord(db: IDBDatabase, store: string, value: unknown): Promise<void> {
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).put(value);
  await committed(tx);
}

/** Every record of a store, in key order. */
export async function getAllRecords<T>(db: IDBDatabase, store: string): Promise<T[]> {
  return promised(db.transaction(store).objectStore(store).getAll() as IDBRequest<T[]>);
}

/** One record by key, undefined when there is none. */
export async function getRecord<T>(db: IDBDatabase, store: string, key: IDBValidKey): Promise<T | undefined> {
  return promised(db.transaction(store).objectStore(store).get(key) as IDBRequest<T | undefined>);
}

/**
 * Deletes a record and every record of `childStore` whose `index` points at it, in one transaction, so a crash
 * never leaves orphans.
 */
export async function deleteWithChildren(
  db: IDBDatabase,
  store: string,
  key: IDBValidKey,
  childStore: string,
  index: string,
): Promise<void> {
  const tx = db.transaction([store, childStore], 'readwrite');
  tx.objectStore(store).delete(key);
  const children = tx.objectStore(childStore);
  for (const childKey of await promised(children.index(index).getAllKeys(key))) children.delete(childKey);
  await committed(tx);
}

/** Deletes one record and resolves once that is committed. */
export async function deleteRecord(db: IDBDatabase, store: string, key: IDBValidKey): Promise<void> {
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).delete(key);
  await committed(tx);
}
