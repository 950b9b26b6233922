// The kiosk tablet's own storage (IndexedDB): finished responses waiting to be sent, and
// the answers of the person using the tablet now, so a reload loses nothing.
const DB_NAME = 'engage-offline';
const WAITING = 'waiting';
const CURRENT = 'current';

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open() {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => {
    const db = req.result;
    db.createObjectStore(WAITING, { keyPath: 'uuid' }).createIndex('saved_at', 'saved_at');
    db.createObjectStore(CURRENT);
  };
  return request(req);
}

// Resolves when the transaction has committed: only then is the data on the tablet.
function write(db, storeName, change) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite', { durability: 'strict' });
    change(tx.objectStore(storeName));
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function read(db, storeName, query) {
  return request(query(db.transaction(storeName).objectStore(storeName)));
}

export async function openStore() {
  const db = await open();
  return {
    putWaiting: (item) => write(db, WAITING, (s) => s.put(item)),
    deleteWaiting: (uuid) => write(db, WAITING, (s) => s.delete(uuid)),
    markRefused: async (uuid, reason) => {
      const item = await read(db, WAITING, (s) => s.get(uuid));
      if (item) await write(db, WAITING, (s) => s.put({ ...item, refused: reason || 'refused' }));
    },
    allWaiting: () => read(db, WAITING, (s) => s.index('saved_at').getAll()),
    oldestWaiting: async (limit) => (await read(db, WAITING, (s) => s.index('saved_at').getAll()))
      .filter((item) => !item.refused).slice(0, limit),
    getCurrent: (questionnaireId) => read(db, CURRENT, (s) => s.get(questionnaireId)),
    putCurrent: (questionnaireId, person) => write(db, CURRENT, (s) => s.put(person, questionnaireId)),
    deleteCurrent: (questionnaireId) => write(db, CURRENT, (s) => s.delete(questionnaireId)),
  };
}
