// Talks to the library's /api/v1 with the signed-in staff token.

export class APIError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error || "http_" + status;
    this.body = body || {};
  }
}

/** Thrown when the server cannot be reached at all (offline, server down). */
export class NetworkError extends Error {}

export const session = {
  get token() { return sessionStorage.getItem("photoonce.token"); },
  get staff() { return JSON.parse(sessionStorage.getItem("photoonce.staff") || "null"); },
  save(answer) {
    sessionStorage.setItem("photoonce.token", answer.token);
    sessionStorage.setItem("photoonce.staff", JSON.stringify(answer.staff));
  },
  clear() {
    sessionStorage.removeItem("photoonce.token");
    sessionStorage.removeItem("photoonce.staff");
  },
};

/** fetch with the token; answers the parsed JSON or throws APIError / NetworkError. */
export async function api(method, path, { json, form, token = session.token, signal } = {}) {
  const headers = {};
  if (token) headers.Authorization = "Bearer " + token;
  let body;
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (form) body = form;
  let response;
  try {
    response = await fetch(path, { method, headers, body, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new NetworkError(error.message);
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { message: text }; }
  if (!response.ok) throw new APIError(response.status, parsed);
  return parsed;
}

export async function login(username, password) {
  return api("POST", "/api/v1/auth/login", { json: { username, password }, token: null });
}

/** A photo from the library as an object URL for an <img> (the request carries the token,
 *  which an <img src> cannot). Each view is recorded in the audit log by the server. */
export async function photoURL(id, { token = session.token } = {}) {
  let response;
  try {
    response = await fetch(`/api/v1/photos/${encodeURIComponent(id)}`, { headers: token ? { Authorization: "Bearer " + token } : {} });
  } catch (error) {
    throw new NetworkError(error.message);
  }
  if (!response.ok) throw new APIError(response.status, await response.json().catch(() => null));
  return URL.createObjectURL(await response.blob());
}

/** A multipart form with the photo as `image` (and more parts). */
export function imageForm(blob, extra = {}) {
  const form = new FormData();
  form.append("image", blob, "capture.jpg");
  for (const [name, value] of Object.entries(extra)) form.append(name, value);
  return form;
}

/** "2026-09-03" in China time, as the library's reuse windows count days. */
export function day(iso) {
  return new Date(iso).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
}

/** Builds an element: el("p", {class: "x"}, "text", child…). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name === "class") node.className = value; else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Chinese first, English after it in a lang="en" span. */
export function both(zh, en) {
  return [zh + " ", el("span", { lang: "en" }, en)];
}
