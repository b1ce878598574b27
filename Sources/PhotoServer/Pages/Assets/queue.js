// Accepted captures that could not be uploaded (no network) wait in IndexedDB and go up
// when the network returns. Each keeps its client-generated captureId, and the library
// treats a repeated captureId as the same capture, so a retry never makes a second one.
import { api, APIError, NetworkError, session, el, both } from "./api.js";

const DB = "photoonce", STORE = "captures";

let opened = null;

function open() {
  return opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "captureId" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result?.result ?? result);
    tx.onerror = () => reject(tx.error);
  });
}

export const queue = {
  put(item) { return transact("readwrite", (store) => store.put(item)); },
  all() { return transact("readonly", (store) => store.getAll()); },
  remove(id) { return transact("readwrite", (store) => store.delete(id)); },
};

const STATES = {
  waiting: ["等待网络", "Waiting for the network"],
  uploading: ["正在上传", "Uploading"],
  uploaded: ["已上传", "Uploaded"],
  attention: ["需要处理", "Needs attention"],
};

let flushing = false;

/** Uploads every waiting capture; stops at the first network failure. */
export async function flush(onChange) {
  if (flushing || !session.token) return;
  flushing = true;
  try {
    for (const item of await queue.all()) {
      // "uploading" left by a page closed mid-upload is tried again (the library is idempotent).
      if (item.state !== "waiting" && item.state !== "uploading") continue;
      item.state = "uploading";
      await queue.put(item); onChange?.();
      const form = new FormData();
      form.append("image", item.image, "capture.jpg");
      form.append("metadata", item.metadata);
      try {
        await api("POST", "/api/v1/captures", { form });
        item.state = "uploaded";
        item.message = "";
        item.image = null;  // the library has it now; keep only the line in the list
      } catch (error) {
        if (error instanceof NetworkError) { item.state = "waiting"; await queue.put(item); onChange?.(); break; }
        // 401 waits for a new sign-in; anything else (refused, mismatch) needs a person.
        item.state = error instanceof APIError && error.status === 401 ? "waiting" : "attention";
        item.message = error.message;
      }
      await queue.put(item); onChange?.();
    }
  } finally {
    flushing = false;
  }
}

/** Shows the queue in `section` (hidden when empty). An entry the library refused can be
 *  sent again (after a sign-in, or once the operator has fixed what the message says) or
 *  removed after confirmation; uploaded lines can be cleared. */
export async function renderQueue(section, list, refresh) {
  const items = (await queue.all()).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  section.hidden = items.length === 0;
  list.replaceChildren(...items.map((item) => {
    const [zh, en] = STATES[item.state] || [item.state, item.state];
    const actions = [];
    if (item.state === "attention") {
      actions.push(el("button", { type: "button", class: "small", "data-action": "retry" }, ...both("重试", "Retry")));
      actions.push(el("button", { type: "button", class: "small", "data-action": "remove" }, ...both("删除", "Remove")));
    }
    const line = el("li", { class: "queued " + item.state, "data-capture-id": item.captureId, "data-state": item.state },
                    el("span", {}, item.label), el("span", {}, ...both(zh, en), item.message ? " — " + item.message : ""),
                    actions.length ? el("span", { class: "queue-actions" }, ...actions) : null);
    line.addEventListener("click", async (event) => {
      const action = event.target.closest("button")?.dataset.action;
      if (action === "retry") {
        item.state = "waiting";
        item.message = "";
        await queue.put(item);
        refresh?.();
      } else if (action === "remove" && confirm(`删除这张未上传的照片？此操作不能撤销。\nDelete this photo that never reached the library? This cannot be undone.\n\n${item.label}`)) {
        await queue.remove(item.captureId);
        refresh?.();
      }
    });
    return line;
  }));
  const uploaded = items.filter((item) => item.state === "uploaded").length;
  const clear = section.querySelector(".queue-clear");
  if (clear) {
    clear.hidden = uploaded === 0;
    clear.onclick = async () => {
      for (const item of items) if (item.state === "uploaded") await queue.remove(item.captureId);
      refresh?.();
    };
  }
}

/** Keeps the queue moving: on load, when the browser comes online, and every 15 s. */
export function watchQueue(section, list) {
  const refresh = () => renderQueue(section, list, go);
  const go = () => flush(refresh).then(refresh);
  window.addEventListener("online", go);
  setInterval(go, 15000);
  go();
  return go;
}
