// The result of a shot: the capture set's photos side by side at their true aspect, and
// the quality report in plain words, from POST /api/v1/components/preview.
import { api, el, both } from "./api.js";

let specNames = null;

/** spec code → {zh, en}, from the public catalog (fetched once). */
export async function loadSpecNames() {
  if (specNames) return specNames;
  try {
    const catalog = await api("GET", "/api/v1/specs", { token: null });
    specNames = Object.fromEntries(catalog.specs.map((spec) => [spec.code, spec.name]));
  } catch {
    specNames = {};
  }
  specNames.master ??= { zh: "原始照片", en: "Master" };
  return specNames;
}

export async function preview(master) {
  const form = new FormData();
  form.append("image", master, "master.jpg");
  return api("POST", "/api/v1/components/preview", { form });
}

/** The result view of a page (elements #verdict #photos #report #accept #retake): shows
 * "making the photos", asks for the preview and shows it; answers it, or throws what
 * went wrong after marking the verdict as failed. */
export async function reviewShot(master, $) {
  $("#accept").disabled = true;
  $("#verdict").className = "verdict";
  $("#verdict").replaceChildren(...both("正在生成照片…", "Making the photos…"));
  $("#photos").replaceChildren();
  $("#report").replaceChildren();
  try {
    await loadSpecNames();
    const answer = await preview(master);
    renderPreview(answer, { verdict: $("#verdict"), photos: $("#photos"), report: $("#report") });
    $("#accept").disabled = !answer.accepted;
    (answer.accepted ? $("#accept") : $("#retake")).focus();
    return answer;
  } catch (error) {
    $("#verdict").className = "verdict fail";
    $("#verdict").replaceChildren(...both("无法使用这张照片：", "This photo cannot be used: "), error.message);
    throw error;
  }
}

export function renderPreview(answer, { verdict, photos, report }) {
  const names = specNames || {};
  const omitted = new Set(answer.omitted.map((o) => o.spec));
  if (answer.refusal) {
    verdict.className = "verdict fail";
    verdict.replaceChildren(...both("无法使用这张照片，请重拍", "This photo cannot be used: retake it"));
  } else if (answer.accepted) {
    const warn = answer.verdict === "warn" || answer.omitted.length;
    verdict.className = "verdict " + (warn ? "warn" : "pass");
    verdict.replaceChildren(...(warn ? both("可以保存，但请查看下面的提示", "Can be saved — see the notes below")
                                      : both("照片合格，可以保存", "The photos pass — ready to save")));
  } else {
    verdict.className = "verdict fail";
    verdict.replaceChildren(...both("照片未通过检查，请按提示重拍", "The photos did not pass: retake as advised below"));
  }
  photos.replaceChildren(...answer.photos.map((photo) => {
    const name = names[photo.spec] || { zh: photo.spec, en: photo.spec };
    const size = photo.width ? `${photo.width}×${photo.height}` : "";
    const figure = el("figure", { class: [photo.spec === "master" ? "master" : "", omitted.has(photo.spec) ? "omitted" : ""].join(" ").trim() || false });
    if (photo.dataURL) figure.append(el("img", { src: photo.dataURL, width: photo.width, height: photo.height, alt: `${name.zh} ${name.en}` }));
    figure.append(el("figcaption", {}, name.zh, el("br"), el("span", { lang: "en" }, name.en), el("br"), size,
                     omitted.has(photo.spec) ? [el("br"), "不保存 ", el("span", { lang: "en" }, "not kept")] : null));
    return figure;
  }));
  const advice = [];
  const seen = new Set();
  for (const spec of answer.quality?.specs || []) {
    for (const measure of spec.measures) {
      if ((measure.verdict === "fail" || measure.verdict === "warn") && measure.guidance && !seen.has(measure.guidance.en)) {
        seen.add(measure.guidance.en);
        advice.push(el("li", { class: measure.verdict }, measure.verdict === "fail" ? "✗ " : "! ", ...both(measure.guidance.zh, measure.guidance.en)));
      }
    }
  }
  const parts = [];
  if (answer.refusal) parts.push(el("p", { class: "error" }, answer.refusal.message));
  if (advice.length) parts.push(el("ul", {}, advice));
  for (const o of answer.omitted) {
    const name = names[o.spec] || { zh: o.spec, en: o.spec };
    parts.push(el("p", { class: "hint" }, `${name.zh}不保存 `, el("span", { lang: "en" }, `${name.en} is not kept: ${o.reason}`)));
  }
  const master = answer.quality?.specs?.find((s) => s.spec === "master") || answer.quality?.specs?.[0];
  if (master) {
    const rows = master.measures.map((m) => el("tr", {}, el("td", {}, m.name), el("td", {}, m.verdict), el("td", {}, m.score ?? "—")));
    parts.push(el("details", {}, el("summary", {}, ...both("全部检查项", "All measures")),
                  el("table", {}, el("tr", {}, el("th", {}, "measure"), el("th", {}, "verdict"), el("th", {}, "score")), rows)));
  }
  report.replaceChildren(...parts);
}
