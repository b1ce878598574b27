// The auditor's view of the audit log: search by person, action, outcome, actor and day,
// page back through older records, and verify the hash chain.
import { api, NetworkError, session, login, el, both } from "./api.js";

const $ = (selector) => document.querySelector(selector);
const actions = Object.fromEntries([...document.querySelectorAll("#search-form select[name=action] option")]
  .filter((o) => o.value).map((o) => [o.value, o.textContent]));
let lastQuery = null;

function show(id) {
  for (const name of ["signin", "log"]) $("#" + name).hidden = name !== id;
  const staff = session.staff;
  $("#who").hidden = $("#sign-out").hidden = !staff;
  if (staff) $("#who").textContent = `${staff.displayName} · ${staff.role}`;
  $("#" + id).querySelector("input, select, button")?.focus();
}

function fail(form, error) {
  form.querySelector(".error").textContent = error instanceof NetworkError
    ? "无法连接服务器 / The server cannot be reached" : error.message;
}

$("#signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    const answer = await login(form.elements.username.value.trim(), form.elements.password.value);
    if (!["auditor", "city-admin"].includes(answer.staff.role)) {
      await api("POST", "/api/v1/auth/logout", { token: answer.token }).catch(() => {});
      throw new Error("此页面仅供审计员与市级管理员使用 / This page is for auditors and city administrators");
    }
    session.save(answer);
    form.reset();
    show("log");
    search(new URLSearchParams());
  } catch (error) {
    form.elements.password.value = "";
    fail(form, error.status === 401 ? new Error("用户名或密码不正确 / Wrong username or password") : error);
  }
});

$("#sign-out").addEventListener("click", async () => {
  await api("POST", "/api/v1/auth/logout").catch(() => {});
  session.clear();
  show("signin");
});

/** Day boundaries in China time, as the log is read there. */
function dayStart(value, plusDays = 0) {
  const date = new Date(value + "T00:00:00+08:00");
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date.toISOString();
}

$("#search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target, query = new URLSearchParams();
  for (const name of ["identityType", "identityNumber", "action", "outcome", "actor"]) {
    const value = form.elements[name].value.trim();
    if (value) query.set(name, value);
  }
  if (query.has("identityNumber") && !query.has("identityType")) query.set("identityType", "resident-id");
  if (form.elements.from.value) query.set("from", dayStart(form.elements.from.value));
  if (form.elements.to.value) query.set("to", dayStart(form.elements.to.value, 1));
  search(query);
});

$("#older").addEventListener("click", () => search(lastQuery, true));

async function search(query, append = false) {
  const form = $("#search-form");
  form.querySelector(".error").textContent = "";
  try {
    const page = await api("GET", "/api/v1/audit?" + query.toString());
    const body = $("#records tbody");
    if (!append) body.replaceChildren();
    body.append(...page.records.map(row));
    const shown = body.children.length;
    $("#summary").textContent = shown ? `${shown} 条记录（最新在前）· ${shown} record${shown === 1 ? "" : "s"}, newest first` : "没有符合条件的记录 · No records match";
    lastQuery = new URLSearchParams(query);
    if (page.nextBefore) lastQuery.set("before", page.nextBefore);
    $("#older").hidden = !page.nextBefore;
  } catch (error) {
    if (error.status === 401) { session.clear(); return show("signin"); }
    fail(form, error);
  }
}

function row(record) {
  const when = new Date(record.at).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
  const actor = [record.actorName || record.actorId, record.role, record.departmentCode].filter(Boolean).join(" · ");
  const refused = record.outcome !== "allowed";
  return el("tr", {},
    el("td", {}, record.seq),
    el("td", {}, when),
    el("td", {}, actor, record.detail ? el("div", { class: "hint" }, record.detail) : null),
    el("td", {}, actions[record.action] || record.action),
    el("td", {}, [record.matterCode, record.purpose].filter(Boolean).join(" · ")),
    el("td", { class: refused ? "refused" : "allowed" }, refused ? "拒绝 refused: " + record.outcome : "允许 allowed"),
    el("td", { class: "mono" }, record.ip || ""));
}

$("#verify").addEventListener("click", async () => {
  const out = $("#chain-result");
  out.className = "";
  out.textContent = "校验中… / Verifying…";
  try {
    const result = await api("GET", "/api/v1/audit/verify");
    out.className = result.intact ? "intact" : "broken";
    out.textContent = result.intact
      ? `完整：已校验 ${result.checked} 条记录 · Intact: ${result.checked} record${result.checked === 1 ? "" : "s"} checked`
      : `第 ${result.firstBroken} 条记录起链条断裂 · Broken at record ${result.firstBroken}: ${result.reason}`;
  } catch (error) {
    out.className = "broken";
    out.textContent = error.message;
  }
});

show(session.token ? "log" : "signin");
if (session.token) search(new URLSearchParams());
