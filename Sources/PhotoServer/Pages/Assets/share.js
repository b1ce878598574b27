// The department portal: sign in, type or scan a citizen's code, see and download the photo.
// Camera frames go to the server, which reads the QR code (no code-reading library here).
import { api, APIError, NetworkError, login, session, el, both, day } from "./api.js";

const $ = (id) => document.getElementById(id);
const sections = ["signin", "redeem", "result"];

/** What each refusal means to the person at the counter, Chinese and English. */
const REFUSALS = {
  grant_not_found: ["没有这个授权码，请与办事群众核对。", "No such code: check it with the citizen."],
  grant_expired: ["授权码已过期，请办事群众重新生成。", "The code has expired: ask the citizen for a new one."],
  grant_used: ["授权码已使用过，请办事群众重新生成。", "The code has been used: ask the citizen for a new one."],
  grant_revoked: ["办事群众已撤回此授权码。", "The citizen has withdrawn this code."],
  wrong_department: ["此授权码属于其他部门的事项。", "This code is for another department's matter."],
  photo_unavailable: ["办事群众尚无该规格的照片，请先到拍照点拍照。", "The citizen has no photo in this matter's spec yet."],
  rate_limited: ["尝试次数过多，请稍后再试。", "Too many failed attempts: wait and try again."],
  matter_inactive: ["该事项已停用。", "This matter no longer receives photos."],
};

function show(name) {
  for (const id of sections) $(id).hidden = id !== name;
  document.body.dataset.view = name;
}

function say(node, zh, en) {
  node.replaceChildren(...both(zh, en));
}

function refusalText(error) {
  if (error instanceof NetworkError) return ["无法连接服务器，请检查网络。", "The server cannot be reached: check the network."];
  const known = REFUSALS[error.code];
  if (known) {
    if (error.code === "rate_limited" && error.retryAfter) return [known[0] + `（${error.retryAfter} 秒后）`, known[1] + ` (in ${error.retryAfter} s)`];
    return known;
  }
  if (error.status === 401) return ["登录已失效，请重新登录。", "Your session has ended: sign in again."];
  if (error.status === 403) return ["此账号不能获取共享照片。", "This account may not receive shared photos."];
  return ["出错了：" + error.message, "Something went wrong: " + error.message];
}

function signedIn() {
  const staff = session.staff;
  if (!session.token || staff?.role !== "department-user") {
    show("signin");
    $("who").hidden = true;
    $("sign-out").hidden = true;
    document.querySelector("#signin-form input[name=username]").focus();
    return;
  }
  $("who").hidden = false;
  $("who").textContent = staff.displayName || staff.username;
  $("sign-out").hidden = false;
  show("redeem");
  $("code").focus();
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const error = form.querySelector(".error");
  error.textContent = "";
  try {
    const answer = await login(form.username.value.trim(), form.password.value);
    if (answer.staff.role !== "department-user") {
      say(error, "此页面仅供部门工作人员使用。", "This page is for department staff only.");
      return;
    }
    session.save(answer);
    form.reset();
    signedIn();
  } catch (failure) {
    if (failure instanceof APIError && failure.status === 401) say(error, "用户名或密码错误。", "Wrong username or password.");
    else say(error, ...refusalText(failure));
  }
});

$("sign-out").addEventListener("click", async () => {
  stopScanning();
  try { await api("POST", "/api/v1/auth/logout"); } catch { /* signed out locally either way */ }
  session.clear();
  signedIn();
});

let photoURL = null;

async function redeem(code) {
  const error = $("redeem-error");
  error.textContent = "";
  const button = $("redeem-form").querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const purpose = $("purpose").value.trim();
    const answer = await redeemRequest({ code, ...(purpose ? { purpose } : {}) });
    stopScanning();
    showPhoto(answer, code);
  } catch (failure) {
    if (failure instanceof APIError && failure.status === 401) { session.clear(); signedIn(); return; }
    say(error, ...refusalText(failure));
    $("code").select();
  } finally {
    button.disabled = false;
  }
}

/** POST /share/redeem, keeping Retry-After of a 429 for the message. */
async function redeemRequest(body) {
  const response = await fetch("/api/v1/share/redeem", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + session.token },
    body: JSON.stringify(body),
  }).catch((e) => { throw new NetworkError(e.message); });
  const parsed = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new APIError(response.status, parsed);
    error.retryAfter = response.headers.get("Retry-After");
    throw error;
  }
  return parsed;
}

function showPhoto(answer, code) {
  const bytes = Uint8Array.from(atob(answer.photo), (c) => c.charCodeAt(0));
  if (photoURL) URL.revokeObjectURL(photoURL);
  photoURL = URL.createObjectURL(new Blob([bytes], { type: answer.contentType }));
  const image = $("photo");
  image.src = photoURL;
  image.alt = `${answer.person.name} 的照片 · Photo of ${answer.person.name}`;
  const download = $("download");
  download.href = photoURL;
  download.download = answer.filename;
  const rows = [
    [["姓名", "Name"], answer.person.name],
    [["证件号码", "ID number"], answer.person.identityMasked],
    [["事项", "Matter"], `${answer.matterName} (${answer.matterCode})`],
    [["用途", "Purpose"], answer.purpose],
    [["规格", "Spec"], `${answer.spec} · ${answer.width}×${answer.height} px · ${answer.background}`],
    [["拍摄日期", "Taken"], day(answer.capturedAt)],
    [["水印", "Watermark"], answer.watermarked ? "有 · yes" : "无 · no"],
    [["授权码", "Code"], code.toUpperCase()],
    [["授权码剩余次数", "Uses left"], answer.usesLeft ?? "—"],
  ];
  $("facts").replaceChildren(...rows.flatMap(([[zh, en], value]) => [el("dt", {}, ...both(zh, en)), el("dd", {}, String(value))]));
  show("result");
  $("result").focus();
}

$("redeem-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const code = $("code").value.trim();
  if (code) redeem(code);
});

$("next").addEventListener("click", () => {
  $("redeem-form").reset();
  $("redeem-error").textContent = "";
  show("redeem");
  $("code").focus();
});

// ---- Scanning: a frame every half second to the server until it reads a code ----------

let stream = null;
let timer = null;
let busy = false;

async function startScanning() {
  const status = $("scan-status");
  // A new code is coming: the last attempt's code and message no longer apply.
  $("redeem-error").textContent = "";
  $("code").value = "";
  if (!navigator.mediaDevices?.getUserMedia) { say(status, "此浏览器无法使用摄像头，请手动输入。", "This browser cannot use a camera: type the code."); return; }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } } });
  } catch {
    say(status, "无法打开摄像头，请手动输入。", "The camera could not be opened: type the code.");
    return;
  }
  $("scan-video").srcObject = stream;
  $("scan-start").hidden = true;
  $("scan-stop").hidden = false;
  say(status, "请将二维码对准摄像头…", "Hold the QR code up to the camera…");
  timer = setInterval(scanFrame, 500);
}

function stopScanning() {
  if (timer) clearInterval(timer);
  timer = null;
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
  $("scan-video").srcObject = null;
  $("scan-start").hidden = false;
  $("scan-stop").hidden = true;
  say($("scan-status"), "摄像头未开启", "Camera off");
}

async function scanFrame() {
  const video = $("scan-video");
  if (busy || !video.videoWidth) return;
  busy = true;
  try {
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    const frame = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
    const answer = await api("POST", "/api/v1/share/scan", { form: frame });
    $("code").value = answer.code;
    say($("scan-status"), "已读取授权码 " + answer.code, "Code read: " + answer.code);
    stopScanning();
    redeem(answer.code);
  } catch (failure) {
    if (failure instanceof APIError && failure.code === "no_code_found") return;  // keep looking
    if (failure instanceof APIError && failure.status === 401) { stopScanning(); session.clear(); signedIn(); return; }
    say($("scan-status"), ...refusalText(failure));
  } finally {
    busy = false;
  }
}

// The button pressed disappears; keyboard focus moves to its counterpart instead of the page.
$("scan-start").addEventListener("click", async () => { await startScanning(); if (stream) $("scan-stop").focus(); });
$("scan-stop").addEventListener("click", () => { stopScanning(); $("scan-start").focus(); });

signedIn();
