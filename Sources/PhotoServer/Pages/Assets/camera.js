// The live camera: viewfinder with the head oval, frames sent a few times a second to the
// guidance component, plain-words advice, and the automatic shot once every check has
// passed for a moment. The shot is the camera's full-resolution frame.
import { api, APIError, NetworkError, imageForm, el, both } from "./api.js";

/** Labels of the live checks, Chinese and English. */
export const CHECK_LABELS = {
  single_face: ["只有一人", "Only one person"],
  centred: ["在椭圆框中间", "Inside the oval"],
  head_size: ["距离合适", "Right distance"],
  yaw: ["正视镜头", "Facing the camera"],
  pitch: ["头部平视", "Head level"],
  roll: ["头部端正", "Head upright"],
  eyes_open: ["双眼睁开", "Eyes open"],
  eyes_visible: ["双眼可见", "Eyes visible"],
  mouth_closed: ["嘴巴闭合", "Mouth closed"],
  expression_neutral: ["表情自然", "Neutral expression"],
  head_covering: ["未戴帽子", "No hat"],
  face_occlusion: ["面部无遮挡", "Face uncovered"],
  glasses_glare: ["眼镜无反光", "No glare on glasses"],
  exposure: ["亮度合适", "Brightness"],
  face_shadow: ["面部无阴影", "No shadow on face"],
  illumination_uniformity: ["光线均匀", "Even light"],
  background_uniformity: ["背景纯色", "Plain background"],
};

const LIVE_SIDE = 640;          // longest side of a guidance frame
const FRAME_INTERVAL_MS = 300;  // a few frames a second
const HOLD_MS = 1000;           // all checks must pass this long before the automatic shot
const HOLD_FRAMES = 3;

export class LiveCamera {
  constructor({ viewfinder, video, overlay, hold, advice, checks, auto, facingMode = "user", mirrored = false, onShot }) {
    Object.assign(this, { viewfinder, video, overlay, hold, advice, checks, auto, facingMode, mirrored, onShot });
    this.running = false;
    this.face = null;
    this.ready = false;
  }

  async start() {
    this.viewfinder.classList.toggle("mirrored", this.mirrored);
    this.say("正在打开摄像头…", "Opening the camera…", false);
    if (!navigator.mediaDevices?.getUserMedia) {
      this.say("此浏览器无法使用摄像头，请从文件上传", "This browser cannot use a camera: upload a file instead", false);
      return false;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: this.facingMode, width: { ideal: 1920 }, height: { ideal: 1920 } },
      });
    } catch (error) {
      this.say("无法打开摄像头（" + error.name + "），请检查权限或从文件上传",
               "The camera could not be opened (" + error.name + "): allow it, or upload a file", false);
      return false;
    }
    this.video.srcObject = this.stream;
    await this.video.play().catch(() => {});
    await new Promise((resolve) => this.video.videoWidth ? resolve() : this.video.addEventListener("loadedmetadata", resolve, { once: true }));
    // The overlay is drawn in the video's pixels: the viewfinder takes the video's shape.
    this.viewfinder.style.setProperty("--ratio", String(this.video.videoWidth / this.video.videoHeight));
    this.running = true;
    this.readySince = null;
    this.readyFrames = 0;
    this.drawOverlay();
    this.loop();
    return true;
  }

  stop() {
    this.running = false;
    this.controller?.abort();
    for (const track of this.stream?.getTracks() || []) track.stop();
    this.stream = null;
    this.setHold(0);
  }

  async loop() {
    while (this.running) {
      const started = performance.now();
      try {
        const frame = await this.grab(LIVE_SIDE, 0.85);
        this.controller = new AbortController();
        const answer = await api("POST", "/api/v1/components/guidance", { form: imageForm(frame), signal: this.controller.signal });
        if (!this.running) return;
        this.show(answer);
      } catch (error) {
        if (!this.running || error.name === "AbortError") return;
        if (error instanceof NetworkError) this.say("无法连接服务器，可手动拍照", "The server cannot be reached: use the shutter", false);
        else if (error instanceof APIError && error.status === 401) this.say("登录已过期，请重新登录", "Your sign-in has expired: sign in again", false);
        else this.say("无法检查画面：" + error.message, "The frame could not be checked", false);
        this.ready = false;
        this.resetHold();
      }
      const wait = FRAME_INTERVAL_MS - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** The current frame as a JPEG, its longest side at most `side` (null: full resolution). */
  grab(side, quality) {
    const { videoWidth: w, videoHeight: h } = this.video;
    const scale = side ? Math.min(1, side / Math.max(w, h)) : 1;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    canvas.getContext("2d").drawImage(this.video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve, reject) => canvas.toBlob((blob) => blob ? resolve(blob) : reject(new Error("no frame")), "image/jpeg", quality));
  }

  show(answer) {
    this.face = answer.face;
    this.ready = answer.ready;
    this.checks.replaceChildren(...answer.checks.map((check) => {
      const [zh, en] = CHECK_LABELS[check.name] || [check.name, check.name];
      const verdictWords = { pass: "通过 passed", warn: "注意 warning", fail: "未通过 not passed", unknown: "未知 unknown" }[check.verdict];
      return el("li", { class: check.verdict, "data-check": check.name, title: verdictWords }, ...both(zh, en));
    }));
    if (answer.ready) {
      this.say("很好，请保持不动", "Good — hold still", true);
    } else {
      const first = answer.advice[0];
      if (first) this.say(first.zh, first.en, false);
      else this.say("请正视镜头", "Look straight at the camera", false);
    }
    this.drawOverlay();
    if (!answer.ready || !this.auto.checked) { this.resetHold(); return; }
    this.readyFrames += 1;
    this.readySince ??= performance.now();
    const held = performance.now() - this.readySince;
    this.setHold(Math.min(1, held / HOLD_MS));
    if (held >= HOLD_MS && this.readyFrames >= HOLD_FRAMES) this.shoot("auto");
  }

  resetHold() {
    this.readySince = null;
    this.readyFrames = 0;
    this.setHold(0);
  }

  setHold(fraction) {
    if (this.hold) this.hold.firstElementChild.style.width = `${Math.round(fraction * 100)}%`;
  }

  say(zh, en, ready) {
    this.advice.replaceChildren(zh + " ", el("span", { lang: "en" }, en));
    this.advice.classList.toggle("ready", ready);
  }

  /** Takes the full-resolution frame and hands it to `onShot`. */
  async shoot(how) {
    if (!this.stream || this.shooting) return;
    this.shooting = true;
    try {
      const master = await this.grab(null, 0.95);
      this.stop();
      this.onShot(master, how);
    } finally {
      this.shooting = false;
    }
  }

  /** Head oval and guide lines; the face the server found, green once every check passes. */
  drawOverlay() {
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!w) return;
    const canvas = this.overlay;
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, w, h);
    // The oval sits where the guidance component wants the face (ComponentsController+Guidance).
    const cx = w / 2, cy = h * 0.42, ry = h * 0.22, rx = h * 0.165;
    g.lineWidth = Math.max(2, h / 200);
    // Darken outside the oval so the person sees where the head goes.
    g.fillStyle = "rgba(0, 0, 0, 0.45)";
    g.beginPath();
    g.rect(0, 0, w, h);
    g.ellipse(cx, cy, rx, ry, 0, 0, Math.PI * 2, true);
    g.fill("evenodd");
    g.strokeStyle = this.ready ? "#3ddc84" : "#ffffff";
    g.beginPath();
    g.ellipse(cx, cy, rx, ry, 0, 0, Math.PI * 2);
    g.stroke();
    // Guide lines: the vertical middle and the eye line.
    g.setLineDash([h / 60, h / 60]);
    g.strokeStyle = "rgba(255, 255, 255, 0.7)";
    g.beginPath();
    g.moveTo(cx, cy - ry - h * 0.05); g.lineTo(cx, cy + ry + h * 0.05);
    const eyes = cy - ry * 0.12;
    g.moveTo(cx - rx * 1.3, eyes); g.lineTo(cx + rx * 1.3, eyes);
    g.stroke();
    g.setLineDash([]);
    if (this.face) {
      const f = this.face;
      g.strokeStyle = this.ready ? "#3ddc84" : "#ffbf00";
      g.strokeRect(f.left * w, f.top * h, (f.right - f.left) * w, (f.bottom - f.top) * h);
    }
  }
}
