// My Photos: the citizen's photos (or, at /me/family/{id}, a linked family member's), with
// downloads, print sheets, the capture history, the family album and "who used my photo".
import { api, APIError, el, both } from "/assets/api.js";
import { citizen } from "/assets/me-session.js";
import { setUpGrants } from "/assets/me-grants.js";

const $ = (id) => document.getElementById(id);
const memberID = location.pathname.match(/^\/me\/family\/([0-9a-fA-F-]{36})$/)?.[1];
const base = memberID ? `/api/v1/me/family/${memberID}` : "/api/v1/me";
const time = (iso) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" });
const date = (iso) => new Date(iso).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium" });
const channels = { window: ["窗口", "service window"], kiosk: ["自助机", "kiosk"], mobile: ["流动拍照", "mobile team"], phone: ["手机", "phone"] };
const statuses = { accepted: ["当前使用", "current"], superseded: ["已被新照片取代", "replaced by a newer capture"] };
let overview = null;
const objectURLs = [];

function signIn() {
  citizen.clear();
  location.replace("/me/sign-in");
}

/** The API with the citizen token; a 401 goes back to sign-in. */
async function call(method, path, options = {}) {
  try {
    return await api(method, path, { ...options, token: citizen.token });
  } catch (error) {
    if (error instanceof APIError && error.status === 401) signIn();
    throw error;
  }
}

/** Bytes of a photo route (previews and downloads need the bearer token, so no plain <img src>). */
async function fetchBlob(path) {
  const response = await fetch(path, { headers: { Authorization: "Bearer " + citizen.token } });
  if (response.status === 401) signIn();
  if (!response.ok) {
    let body = {};
    try { body = await response.json(); } catch { /* not JSON */ }
    throw new APIError(response.status, body);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "")?.[1] || "photo";
  return { blob: await response.blob(), name };
}

function save({ blob, name }) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function notice(text) {
  $("notice").textContent = text;
  $("notice").hidden = !text;
}

async function show(path, img) {
  const { blob } = await fetchBlob(path);
  const url = URL.createObjectURL(blob);
  objectURLs.push(url);
  img.src = url;
}

function renderPhotos(current) {
  $("current").hidden = false;
  const photos = $("photos");
  photos.replaceChildren();
  if (!current) { $("no-photos").hidden = false; return; }
  $("current-when").replaceChildren(...both(`${time(current.capturedAt)} 摄于 ${current.site.name}`, `taken ${time(current.capturedAt)} at ${current.site.name}`));
  for (const photo of current.photos) {
    const label = `${photo.name.zh} ${photo.name.en}`;
    const img = el("img", { alt: `${photo.name.zh}（${photo.width}×${photo.height}）`, loading: "lazy" });
    const button = el("button", { type: "button", "aria-label": `下载 ${label} · Download` }, ...both("下载", "Download"));
    button.addEventListener("click", async () => {
      try { save(await fetchBlob(photo.href + "?download=1")); } catch (error) { notice(error.message); }
    });
    photos.append(el("figure", { class: photo.spec === "master" ? "master" : "" }, img,
      el("figcaption", {}, photo.name.zh, el("br"), el("span", { lang: "en" }, photo.name.en), el("br"),
        el("span", { class: "meta" }, `${photo.width}×${photo.height} · ${Math.round(photo.bytes / 1024)} KB`)), button));
    show(photo.href, img).catch(() => { img.alt += " (无法加载 · could not load)"; });
  }
}

function fillSpecs(select, specs) {
  select.replaceChildren(...specs.map((spec) => el("option", { value: spec.code }, `${spec.name.zh} · ${spec.name.en}`)));
}

/** Background choices for the chosen spec: official specs only their regulated colours. */
function fillBackgrounds(form, specs) {
  const spec = specs.find((s) => s.code === form.spec.value);
  const select = form.background;
  const colours = overview.downloads.colours;
  const names = { white: "白色 white", blue: "蓝色 blue", red: "红色 red", "light-blue": "浅蓝 light blue", grey: "灰色 grey", gray: "灰色 grey" };
  select.replaceChildren(...(spec?.backgrounds || []).map((name) =>
    el("option", { value: name, selected: name === spec.defaultBackground }, `${names[name] || name} ${colours[name] || ""}`)));
  if (spec?.anyColour && form.hex) select.append(el("option", { value: "custom" }, "自定义… custom…"));
  select.disabled = !spec || spec.backgrounds.length === 0;
  const rule = form.querySelector(".rule");
  if (rule) {
    rule.textContent = !spec ? "" : spec.kind === "master" ? "原片为拍摄原样，不能换底色。 The master is as taken; its background cannot change."
      : spec.kind === "official" ? "证件照的底色由规定确定，只能选用规定颜色。 Official photos keep their regulated background."
      : "普通尺寸可选任意颜色。 Trade sizes take any colour.";
  }
  const custom = form.querySelector(".custom-colour");
  if (custom) custom.hidden = select.value !== "custom";
}

function choice(form) {
  const params = new URLSearchParams();
  let background = form.background.disabled ? "" : form.background.value;
  if (background === "custom") background = form.hex.value;
  if (background) params.set("background", background);
  params.set("format", form.format.value);
  return params;
}

function setUpDownloads(downloads) {
  const form = $("download-form");
  fillSpecs(form.spec, downloads.specs);
  form.spec.value = downloads.specs.find((s) => s.code === "one-inch") ? "one-inch" : downloads.specs[0]?.code;
  fillBackgrounds(form, downloads.specs);
  form.spec.addEventListener("change", () => fillBackgrounds(form, downloads.specs));
  form.background.addEventListener("change", () => { form.querySelector(".custom-colour").hidden = form.background.value !== "custom"; });
  const error = form.querySelector(".error");
  async function fetchChoice(preview) {
    error.textContent = "";
    const params = choice(form);
    if (preview) params.set("download", "0");
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    form.setAttribute("aria-busy", "true");
    try {
      return await fetchBlob(`${overview.base}/renditions/${encodeURIComponent(form.spec.value)}?${params}`);
    } catch (failure) {
      error.textContent = failure.message;
      return null;
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      form.removeAttribute("aria-busy");
    }
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = await fetchChoice(false);
    if (file) save(file);
  });
  form.querySelector('[data-action="preview"]').addEventListener("click", async () => {
    const file = await fetchChoice(true);
    if (!file) return;
    const figure = form.querySelector(".preview");
    const url = URL.createObjectURL(file.blob);
    objectURLs.push(url);
    figure.querySelector("img").src = url;
    figure.querySelector("img").alt = `预览 ${form.spec.selectedOptions[0].textContent} · Preview`;
    figure.querySelector("figcaption").textContent = file.name;
    figure.hidden = false;
  });
  $("download").hidden = false;

  const sheet = $("sheet-form");
  const printable = downloads.specs.filter((s) => s.printable);
  fillSpecs(sheet.spec, printable);
  sheet.spec.value = printable.find((s) => s.code === "one-inch") ? "one-inch" : printable[0]?.code;
  fillBackgrounds(sheet, printable);
  sheet.spec.addEventListener("change", () => fillBackgrounds(sheet, printable));
  const papers = { "6inch": "6 寸 · 6-inch (4R)", "5inch": "5 寸 · 5-inch (3R)", a4: "A4" };
  sheet.paper.replaceChildren(...downloads.papers.map((p) => el("option", { value: p }, papers[p] || p)));
  sheet.paper.value = downloads.papers.includes("6inch") ? "6inch" : downloads.papers[0];
  sheet.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = sheet.querySelector(".error");
    error.textContent = "";
    const button = sheet.querySelector("button");
    button.disabled = true;
    sheet.setAttribute("aria-busy", "true");
    try {
      const params = new URLSearchParams({ spec: sheet.spec.value, paper: sheet.paper.value, format: sheet.format.value });
      if (!sheet.background.disabled && sheet.background.value && sheet.background.value !== "custom") params.set("background", sheet.background.value);
      save(await fetchBlob(`${overview.base}/sheet?${params}`));
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
      sheet.removeAttribute("aria-busy");
    }
  });
  $("sheet").hidden = false;
}

function renderHistory(history) {
  const list = $("history-list");
  list.replaceChildren(...history.map((capture) => {
    const channel = channels[capture.channel] || [capture.channel, capture.channel];
    const status = statuses[capture.status] || [capture.status, capture.status];
    return el("li", {},
      el("div", { class: "line" }, el("time", { datetime: capture.capturedAt }, time(capture.capturedAt)),
        el("span", { class: `state ${capture.status === "accepted" ? "active" : "ended"}` }, `${status[0]} ${status[1]}`)),
      el("div", { class: "meta" }, `${capture.site.name}（${capture.site.code}）· ${channel[0]} ${channel[1]}`));
  }));
  $("history").hidden = history.length === 0;
}

async function renderFamily() {
  const { links } = await call("GET", "/api/v1/me/family");
  const list = $("family-list");
  const states = { active: ["有效", "active"], pending: ["待同意", "waiting for approval"], ended: ["已结束", "ended"], revoked: ["已撤销", "revoked"] };
  list.replaceChildren(...links.map((link) => {
    const state = states[link.state] || [link.state, link.state];
    const actions = el("div", { class: "actions" });
    if (link.canView) {
      actions.append(el("a", { class: "button", href: `/me/family/${link.member.personId}` }, ...both(`查看 ${link.member.name} 的照片`, "View photos")));
    }
    if (link.awaitsMyApproval) {
      for (const [verb, zh, en] of [["approve", "同意", "Approve"], ["decline", "拒绝", "Decline"]]) {
        const button = el("button", { type: "button", class: verb === "approve" ? "primary" : "" }, ...both(zh, en));
        button.addEventListener("click", async () => {
          try { await call("POST", `/api/v1/me/family/${link.linkId}/${verb}`); await renderFamily(); } catch (error) { notice(error.message); }
        });
        actions.append(button);
      }
    }
    const ends = link.endsAt ? `，${date(link.endsAt)} 结束 · ends ${date(link.endsAt)}` : "";
    return el("li", {},
      el("div", { class: "line" }, el("strong", {}, link.member.name), el("span", {}, link.memberRole.zh, " ", el("span", { lang: "en" }, link.memberRole.en)),
        el("span", { class: `state ${link.state}` }, `${state[0]} ${state[1]}`)),
      el("div", { class: "meta" }, `${link.member.identityMasked} · 登记关系 registered as ${link.relationship} · 自 ${date(link.startsAt)} 起 since ${date(link.startsAt)}${ends} · ${link.createdBy}`),
      actions.childElementCount ? actions : null);
  }));
  $("family-empty").hidden = links.length > 0;
  $("family").hidden = false;
}

let accessBefore = null;
async function renderAccess(more = false) {
  const page = await call("GET", `${base}/access-log${more && accessBefore ? `?before=${accessBefore}` : ""}`);
  const list = $("access-list");
  if (!more) list.replaceChildren();
  for (const entry of page.entries) {
    const refused = entry.outcome !== "allowed";
    list.append(el("li", {},
      el("div", { class: "line" }, el("time", { datetime: entry.at }, time(entry.at)),
        el("span", { class: `state ${refused ? "refused" : "allowed"}` }, `${entry.outcomeText.zh} ${entry.outcomeText.en}`)),
      el("div", {}, el("strong", { class: entry.byThemselves ? "you" : "" }, entry.who.zh), " ", entry.what.zh),
      el("div", { lang: "en", class: "meta" }, `${entry.who.en} ${entry.what.en}`),
      entry.purpose || entry.matterCode ? el("div", { class: "meta" }, `用途 purpose: ${[entry.matterCode, entry.purpose].filter(Boolean).join(" · ")}`) : null));
  }
  accessBefore = page.nextBefore;
  $("access-more").hidden = !page.nextBefore;
  $("access").hidden = false;
}

async function start() {
  if (!citizen.token) { signIn(); return; }
  try {
    overview = await call("GET", base);
  } catch (error) {
    $("loading").hidden = true;
    notice(error.message);
    if (memberID) $("back").hidden = false;
    return;
  }
  $("loading").hidden = true;
  $("self-capture").hidden = Boolean(memberID);
  const person = overview.person;
  if (memberID) {
    $("title").replaceChildren(...both(`家庭成员：${person.name}`, "Family member"));
    $("back").hidden = false;
    $("access-title").replaceChildren(...both(`谁用了 ${person.name} 的照片`, "Who used their photo"));
    document.title = `${person.name} · 家庭相册 Family album — PhotoOnce`;
  }
  $("who").textContent = `${person.name} · ${person.identityMasked}`;
  renderPhotos(overview.current);
  if (overview.current) setUpDownloads(overview.downloads);
  renderHistory(overview.history);
  const loads = [renderAccess()];
  if (!memberID) loads.push(renderFamily(), setUpGrants(call, notice));
  for (const result of await Promise.allSettled(loads)) if (result.status === "rejected") notice(result.reason.message);
}

$("sign-out").addEventListener("click", async () => {
  try { await call("POST", "/api/v1/me/sign-out"); } catch { /* signed out either way */ }
  signIn();
});
$("access-more").addEventListener("click", () => renderAccess(true).catch((error) => notice(error.message)));
window.addEventListener("pagehide", () => objectURLs.forEach((url) => URL.revokeObjectURL(url)));
start();
