// Phone self-capture, for a citizen signed in through the identity platform (or, in demos,
// the development provider) or holding a signed link from staff: guidance before the shot,
// the same live camera and automatic shot as the station (front camera, mirrored preview),
// the result with Retake, and the upload on channel `phone`.
import { api, APIError, NetworkError, el, both } from "./api.js";
import { LiveCamera } from "./camera.js";
import { loadSpecNames, reviewShot } from "./preview.js";
import { citizen } from "./me-session.js";

const $ = (selector) => document.querySelector(selector);
const sections = ["nolink", "before", "camera", "result", "done"];
const state = { master: null, captureId: null, location: null };

function show(id, focus) {
  for (const name of sections) $("#" + name).hidden = name !== id;
  document.body.dataset.view = id;
  (focus ? $(focus) : $("#" + id).querySelector("button, input"))?.focus();
}

// The token comes in the fragment (never sent to a server); it is kept for this tab only
// and taken out of the address bar so a screenshot of the page does not show it.
if (location.hash.length > 1) {
  sessionStorage.setItem("photoonce.token", decodeURIComponent(location.hash.slice(1)));
  history.replaceState(null, "", location.pathname);
}
// A signed-in citizen (the sign-in page keeps the session for this tab) takes their own
// photo with their own token when no link was given.
if (!sessionStorage.getItem("photoonce.token")?.startsWith("link1.") && citizen.token) {
  sessionStorage.setItem("photoonce.token", citizen.token);
}
const token = sessionStorage.getItem("photoonce.token");
const mode = token?.startsWith("link1.") ? "link" : token?.startsWith("cit_") ? "citizen" : null;

const camera = new LiveCamera({
  viewfinder: $("#viewfinder"), video: $("#video"), overlay: $("#overlay"), hold: $("#hold"),
  advice: $("#advice"), checks: $("#checks"), auto: $("#auto"), facingMode: "user", mirrored: true,
  onShot: (master) => review(master),
});

async function start() {
  if (mode === "citizen") {
    try {
      const { person } = await api("GET", "/api/v1/me");
      $("#who").replaceChildren(`${person.name}，您好 `, el("span", { lang: "en" }, `Hello, ${person.name}`));
      return show("before", "#start");
    } catch (error) {
      sessionStorage.removeItem("photoonce.token");
      if (error instanceof APIError && error.status === 401) citizen.clear();
      if (error instanceof NetworkError) $("#nolink-text").replaceChildren(...both("无法连接服务器，请稍后再试。", "The server cannot be reached: try again later."));
      return show("nolink", "#sign-in");
    }
  }
  if (mode !== "link") return show("nolink", "#sign-in");
  try {
    const link = await api("GET", "/api/v1/capture-links/current");
    $("#who").replaceChildren(`${link.name}，您好 `, el("span", { lang: "en" }, `Hello, ${link.name}`));
    show("before", "#start");
  } catch (error) {
    if (error instanceof NetworkError) $("#nolink-text").replaceChildren(...both("无法连接服务器，请稍后再试。", "The server cannot be reached: try again later."));
    show("nolink");
  }
}

async function openCamera() {
  state.captureId = crypto.randomUUID();
  // Where the photo was taken, if the citizen allows it; never waited for.
  navigator.geolocation?.getCurrentPosition((p) => { state.location = { lat: p.coords.latitude, lon: p.coords.longitude }; },
                                            () => {}, { timeout: 15000, maximumAge: 300000 });
  show("camera", "#shutter");
  loadSpecNames();
  await camera.start();
}
$("#start").addEventListener("click", openCamera);
$("#shutter").addEventListener("click", () => camera.shoot("manual"));
$("#file").addEventListener("change", (event) => {
  const file = event.target.files[0];
  event.target.value = "";
  if (file) { camera.stop(); review(file); }
});
$("#retake").addEventListener("click", openCamera);

async function review(master) {
  state.master = master;
  $("#result-error").textContent = "";
  show("result", "#retake");
  try {
    await reviewShot(master, $);
  } catch (error) {
    if (error instanceof NetworkError) $("#verdict").replaceChildren(...both("无法连接服务器，请稍后再试", "The server cannot be reached: try again later"));
  }
}

$("#accept").addEventListener("click", async () => {
  $("#accept").disabled = true;
  const form = new FormData();
  form.append("image", state.master, "master.jpg");
  form.append("captureId", state.captureId);
  try {
    if (state.location) { form.append("latitude", state.location.lat); form.append("longitude", state.location.lon); }
    const path = mode === "citizen" ? "/api/v1/self-captures" : "/api/v1/capture-links/capture";
    const capture = await api("POST", path, { form });
    $("#done-title").replaceChildren(...both("照片已提交", "Your photo has been sent"));
    $("#done-text").replaceChildren(...both("谢谢！办理业务时无需再拍照。", "Thank you: you will not need a new photo at the window."));
    $("#done").dataset.captureId = capture.captureId;
    show("done");
  } catch (error) {
    $("#accept").disabled = false;
    if (error instanceof APIError && error.status === 401) {
      $("#result-error").textContent = mode === "citizen"
        ? "登录已过期，请重新登录后再提交。\nYour sign-in has expired: sign in again, then send the photo."
        : "链接已过期，请向工作人员索取新链接。\nThe link has expired: ask staff for a new one.";
    } else if (error instanceof APIError && error.code === "identity_mismatch") {
      $("#result-error").textContent = "照片与您在库中的照片不一致，请到窗口办理。\nThe photo does not match your earlier photos: please visit a service window.";
    } else if (error instanceof NetworkError) {
      $("#result-error").textContent = "无法连接服务器，请稍后再按一次。\nThe server cannot be reached: press again in a moment.";
    } else {
      $("#result-error").textContent = error.message;
    }
  }
});

start();
