// The capture station: sign in, site and camera (remembered), identify the citizen, live
// camera with guidance and the automatic shot, result with Accept or Retake.
import { api, APIError, NetworkError, session, login, day, el, both, photoURL } from "./api.js";
import { LiveCamera } from "./camera.js";
import { loadSpecNames, reviewShot } from "./preview.js";
import { queue, watchQueue } from "./queue.js";

const $ = (selector) => document.querySelector(selector);
const sections = ["signin", "place", "identify", "camera", "result", "done"];
const state = { person: null, master: null, captureId: null, location: null };
const place = {
  get value() { return JSON.parse(localStorage.getItem("photoonce.station.place") || "null"); },
  set value(v) { localStorage.setItem("photoonce.station.place", JSON.stringify(v)); },
};

function show(id, focus) {
  for (const name of sections) $("#" + name).hidden = name !== id;
  document.body.dataset.view = id;
  const target = focus ? $(focus) : $("#" + id).querySelector("input, select, button");
  target?.focus();
}

function fail(form, error) {
  form.querySelector(".error").textContent = error instanceof NetworkError
    ? "无法连接服务器 / The server cannot be reached" : error.message;
}

function header() {
  const staff = session.staff, p = place.value;
  $("#where").hidden = !staff;
  $("#sign-out").hidden = !staff;
  $("#change-place").hidden = !staff;
  if (staff) $("#where").textContent = `${staff.displayName} · ${p ? `${p.siteName} · ${p.device}` : ""}`;
}

function start() {
  header();
  if (!session.token) return show("signin");
  if (!place.value) return choosePlace();
  identify();
}

// Sign-in.
$("#signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    session.save(await login(form.elements.username.value.trim(), form.elements.password.value));
    form.reset();
    form.querySelector(".error").textContent = "";
    start();
  } catch (error) {
    fail(form, error.status === 401 ? new Error("用户名或密码不正确 / Wrong username or password") : error);
  }
});
$("#sign-out").addEventListener("click", async () => {
  await api("POST", "/api/v1/auth/logout").catch(() => {});
  session.clear();
  start();
});

// Site and device, chosen once.
async function choosePlace() {
  const form = $("#place-form");
  show("place");
  try {
    const sites = await api("GET", "/api/v1/sites");
    const own = session.staff?.siteCode;
    // The online site files citizens' phone photos; no station stands there.
    const choices = (own ? sites.filter((s) => s.code === own) : sites).filter((s) => s.kind !== "online");
    form.elements.site.replaceChildren(...choices.map((s) => el("option", { value: s.code, "data-kind": s.kind }, `${s.name} (${s.code})`)));
    const current = place.value?.site || own;
    if (current) form.elements.site.value = current;
    await loadDevices();
    form.elements.site.focus();
  } catch (error) {
    fail(form, error);
  }
}
async function loadDevices() {
  const form = $("#place-form");
  const devices = await api("GET", `/api/v1/sites/${encodeURIComponent(form.elements.site.value)}/devices`);
  form.elements.device.replaceChildren(...devices.filter((d) => d.active).map((d) => el("option", { value: d.id }, `${d.name} (${d.id})`)));
  if (place.value?.device) form.elements.device.value = place.value.device;
}
$("#place-form").elements.site.addEventListener("change", () => loadDevices().catch((e) => fail($("#place-form"), e)));
$("#place-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target, option = form.elements.site.selectedOptions[0];
  place.value = { site: form.elements.site.value, siteName: option.textContent, kind: option.dataset.kind, device: form.elements.device.value };
  header();
  identify();
});
$("#change-place").addEventListener("click", choosePlace);

// Identify the citizen. A card reader types the number and Enter like a keyboard.
function identify() {
  const form = $("#identify-form");
  form.reset();
  form.querySelector(".error").textContent = "";
  $("#reuse").hidden = true;
  $("#reuse-photos").replaceChildren();
  $("#phone-link-box").hidden = true;
  show("identify", "#identify-form [name=number]");
}
$("#identify-form").elements.number.addEventListener("keydown", (event) => {
  // Enter after the number moves to the name (the reader's Enter must not submit half a form).
  if (event.key === "Enter" && !event.target.form.elements.name.value) { event.preventDefault(); event.target.form.elements.name.focus(); }
});
$("#identify-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const person = { type: form.elements.type.value, number: form.elements.number.value.trim().toUpperCase(), name: form.elements.name.value.trim() };
  form.querySelector(".error").textContent = "";
  $("#phone-link-box").hidden = true;
  try {
    const status = await api("GET", `/api/v1/persons/${encodeURIComponent(person.type)}/${encodeURIComponent(person.number)}/status`);
    state.person = person;
    const valid = status.specs.filter((s) => s.valid && s.spec !== "master");
    if (!valid.length) {
      $("#reuse-text").replaceChildren(...(status.registered
        ? both("库中照片已过期，需要重新拍摄。", "The library's photos have expired: take a new one.")
        : both("库中还没有此人的照片，请拍摄。", "No photo of this person in the library yet: take one.")));
      $("#reuse").hidden = false;
      $("#reuse-yes").hidden = true;
      $("#reuse-new").replaceChildren(...both("开始拍照", "Start the camera"));
      $("#reuse-new").focus();
      return;
    }
    const names = await loadSpecNames();
    const where = status.site ? `，${status.site.name}` : "";
    const list = valid.map((s) => names[s.spec]?.zh || s.spec).join("、");
    const listEn = valid.map((s) => names[s.spec]?.en || s.spec).join(", ");
    $("#reuse-text").replaceChildren(
      `已有有效照片：${day(status.capturedAt)}${where}（${list}）。使用已有照片，还是重新拍摄？ `,
      el("span", { lang: "en" }, `Has valid photos from ${day(status.capturedAt)}${status.site ? ", " + status.site.name : ""} (${listEn}) — reuse them, or take a new one?`));
    $("#reuse").hidden = false;
    showLibraryPhotos(valid, names);
    $("#reuse-yes").hidden = false;
    $("#reuse-new").replaceChildren(...both("重新拍摄", "Take a new photo"));
    $("#reuse-yes").focus();
  } catch (error) {
    if (error.status === 401) { session.clear(); return start(); }
    fail(form, error);
  }
});
// The library's photos beside the person at the window: the operator sees that the face is
// theirs before reusing it.
async function showLibraryPhotos(valid, names) {
  const box = $("#reuse-photos");
  box.replaceChildren(...valid.filter((s) => s.photoID).map((s) => el("figure", { "data-spec": s.spec },
    el("img", { alt: names[s.spec]?.zh || s.spec }), el("figcaption", {}, ...both(names[s.spec]?.zh || s.spec, names[s.spec]?.en || "")))));
  for (const figure of box.children) {
    const status = valid.find((s) => s.spec === figure.dataset.spec);
    photoURL(status.photoID).then((url) => { figure.querySelector("img").src = url; })
      .catch(() => figure.replaceChildren(el("figcaption", {}, ...both("无法显示", "Cannot show it"))));
  }
}

$("#reuse-yes").addEventListener("click", () => {
  $("#done-title").replaceChildren(...both("使用已有照片", "Reusing the library's photos"));
  $("#done-text").replaceChildren(...both(`${state.person.name} 无需重新拍照。`, `${state.person.name} does not need a new photo.`));
  show("done", "#next");
});
$("#reuse-new").addEventListener("click", openCamera);
// A link with which the person takes their own photo on a phone (/capture), for this site.
$("#phone-link").addEventListener("click", async () => {
  try {
    const issued = await api("POST", "/api/v1/capture-links", {
      json: { identity: { type: state.person.type, number: state.person.number }, name: state.person.name, siteCode: place.value.site,
              origin: location.origin },
    });
    $("#phone-link-url").value = location.origin + issued.url;
    $("#phone-link-qr").src = issued.qrPng ? "data:image/png;base64," + issued.qrPng : "";
    $("#phone-link-qr").hidden = !issued.qrPng;
    $("#phone-link-box").hidden = false;
    $("#phone-link-url").select();
    $("#phone-link-url").focus();
    $("#phone-link-box").scrollIntoView({ block: "nearest" });
  } catch (error) {
    fail($("#identify-form"), error);
  }
});
$("#phone-link-copy").addEventListener("click", () => navigator.clipboard?.writeText($("#phone-link-url").value));

// Live camera.
const camera = new LiveCamera({
  viewfinder: $("#viewfinder"), video: $("#video"), overlay: $("#overlay"), hold: $("#hold"),
  advice: $("#advice"), checks: $("#checks"), auto: $("#auto"), facingMode: "user", mirrored: false,
  onShot: (master) => review(master),
});
// Where the photo is taken: the capture log records it, and for a mobile team on an island
// it is the only record of the place. Asked once per shot; never holds the shot up.
function locate() {
  const line = $("#location");
  const mobile = place.value?.kind === "mobile";
  line.hidden = !mobile;
  if (!navigator.geolocation) {
    line.replaceChildren(...both("本机无法定位", "This device cannot tell its location"));
    return;
  }
  line.replaceChildren(...both("正在定位…", "Finding the location…"));
  navigator.geolocation.getCurrentPosition((position) => {
    const { latitude: lat, longitude: lon, accuracy } = position.coords;
    state.location = { lat, lon };
    line.replaceChildren(...both(`已定位 ±${Math.round(accuracy)} 米`, `Location found ±${Math.round(accuracy)} m`));
  }, () => {
    line.replaceChildren(...both("未能定位：照片仍可保存，记录中不含位置", "No location: the photo can still be saved, without one"));
  }, { enableHighAccuracy: mobile, timeout: 15000, maximumAge: 120000 });
}

async function openCamera() {
  state.captureId = crypto.randomUUID();
  state.location = null;
  locate();
  $("#camera-person").replaceChildren(`${state.person.name} · `, el("span", { lang: "en" }, "look at the camera"));
  show("camera", "#shutter");
  loadSpecNames();
  await camera.start();
}
$("#shutter").addEventListener("click", () => camera.shoot("manual"));
$("#camera-back").addEventListener("click", () => { camera.stop(); identify(); });
$("#file").addEventListener("change", (event) => {
  const file = event.target.files[0];
  event.target.value = "";
  if (file) { camera.stop(); review(file); }
});
document.addEventListener("keydown", (event) => {
  if (document.body.dataset.view === "camera" && event.key === " " && !["INPUT", "BUTTON", "SELECT", "LABEL"].includes(event.target.tagName)) {
    event.preventDefault();
    camera.shoot("manual");
  }
});

// Result.
async function review(master) {
  state.master = master;
  $("#override").hidden = true;
  $("#result-error").textContent = "";
  show("result", "#retake");
  try {
    await reviewShot(master, $);
  } catch (error) {
    if (error instanceof NetworkError) {
      // Offline: nothing can be checked here; the capture may still be queued for the library.
      $("#verdict").replaceChildren(...both("离线：无法预览，可保存到待上传队列", "Offline: no preview; the photo can wait in the upload queue"));
      $("#accept").disabled = false;
    }
  }
}
$("#retake").addEventListener("click", openCamera);

function metadata(override) {
  const p = place.value;
  const channel = { mobile: "mobile", kiosk: "kiosk" }[p.kind] || "window";
  return JSON.stringify({
    captureId: state.captureId,
    identity: { type: state.person.type, number: state.person.number },
    name: state.person.name, siteCode: p.site, deviceId: p.device, channel,
    capturedAt: new Date().toISOString(), override,
    ...(state.location ? { location: state.location } : {}),
  });
}

async function upload(override) {
  const form = new FormData();
  form.append("image", state.master, "master.jpg");
  form.append("metadata", metadata(override));
  return api("POST", "/api/v1/captures", { form });
}

function saved(capture) {
  $("#done-title").replaceChildren(...both("已保存", "Saved"));
  const kept = capture.photos.length;
  $("#done-text").replaceChildren(...both(`${state.person.name} 的照片已存入照片库（${kept} 张）。`,
                                          `${state.person.name}'s photos are in the library (${kept}).`));
  $("#done").dataset.captureId = capture.captureId;
  show("done", "#next");
}

$("#accept").addEventListener("click", async () => {
  $("#accept").disabled = true;
  $("#result-error").textContent = "";
  try {
    saved(await upload());
  } catch (error) {
    $("#accept").disabled = false;
    if (error instanceof NetworkError) return enqueue();
    if (error instanceof APIError && error.code === "identity_mismatch") {
      $("#accept").disabled = true;  // only the administrator's confirmation saves it now
      $("#override").hidden = false;
      $("#result-error").textContent = "与此人库中照片的面部不一致。\nThe face does not match this person's photos in the library.";
      $("#override").elements.username.focus();
      return;
    }
    $("#result-error").textContent = error.message;
  }
});

$("#override").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  form.querySelector(".error").textContent = "";
  try {
    const admin = await login(form.elements.username.value.trim(), form.elements.password.value);
    const capture = await upload({ reason: form.elements.reason.value.trim(), adminToken: admin.token });
    // The administrator's token was for this one decision.
    api("POST", "/api/v1/auth/logout", { token: admin.token }).catch(() => {});
    form.reset();
    saved(capture);
  } catch (error) {
    fail(form, error.status === 401 ? new Error("管理员用户名或密码不正确 / Wrong administrator username or password") : error);
  }
});

async function enqueue() {
  await queue.put({ captureId: state.captureId, image: state.master, metadata: metadata(), state: "waiting",
                    label: `${state.person.name} · ${new Date().toLocaleTimeString("zh-CN")}`, queuedAt: new Date().toISOString(), message: "" });
  refreshQueue();
  $("#done-title").replaceChildren(...both("已加入待上传队列", "Queued for upload"));
  $("#done-text").replaceChildren(...both("网络恢复后会自动上传。", "It will upload by itself when the network is back."));
  show("done", "#next");
}

$("#next").addEventListener("click", identify);

function network() {
  $("#network").hidden = navigator.onLine;
  $("#network").replaceChildren(...both("离线：照片将保存在本机，联网后自动上传", "Offline: photos are kept here and upload when the network returns"));
}
window.addEventListener("online", network);
window.addEventListener("offline", network);
network();
const refreshQueue = watchQueue($("#queue"), $("#queue-list"));
start();
