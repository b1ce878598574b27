// Consent grants on My Photos: choose a published matter, make a one-time code (shown as
// text and QR code with its expiry), list the grants with their state, revoke active ones.
import { el, both } from "/assets/api.js";

const $ = (id) => document.getElementById(id);
const states = {
  active: ["有效", "active"], used: ["已使用", "used"], expired: ["已过期", "expired"], revoked: ["已撤销", "revoked"],
};
const time = (iso) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" });
let countdown = null;

/** Fills the grants section; `call` is My Photos' API caller (citizen token, 401 → sign-in). */
export async function setUpGrants(call, notice) {
  const matters = await call("GET", "/api/v1/matters");
  const form = $("grant-form");
  const select = form.matter;
  const departments = [...new Set(matters.map((m) => m.departmentName))];
  select.replaceChildren(el("option", { value: "" }, "请选择 · Choose…"), ...departments.map((name) => el("optgroup", { label: name },
    ...matters.filter((m) => m.departmentName === name && m.consent === "required").map((m) => el("option", { value: m.code }, m.name)))));
  const describe = () => {
    const m = matters.find((x) => x.code === select.value);
    $("matter-policy").textContent = !m ? "" : [
      `${m.departmentName}：${m.purpose}`,
      `有效 ${m.grantMinutes} 分钟、可用 ${m.grantUses} 次 · valid ${m.grantMinutes} min, ${m.grantUses} use${m.grantUses === 1 ? "" : "s"}`,
      m.watermark ? "照片加注用途水印 · the photo carries a purpose watermark" : "",
      m.retentionNote ? `保存：${m.retentionNote}` : "",
    ].filter(Boolean).join(" · ");
  };
  select.addEventListener("change", describe);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = form.querySelector(".error");
    error.textContent = "";
    try {
      const grant = await call("POST", "/api/v1/me/grants", { json: { matterCode: select.value } });
      showIssued(grant);
      await listGrants(call);
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  $("grants").hidden = false;
  await listGrants(call, notice);
}

function showIssued(grant) {
  $("grant-qr").src = "data:image/png;base64," + grant.qrPng;
  $("grant-code").textContent = grant.code;
  $("grant-for").replaceChildren(`${grant.departmentName} · ${grant.matterName}`);
  $("grant-issued").hidden = false;
  $("grant-issued").dataset.grant = grant.grantId;
  clearInterval(countdown);
  const tick = () => {
    const left = Math.max(0, Math.round((new Date(grant.expiresAt) - Date.now()) / 1000));
    $("grant-expiry").textContent = left > 0
      ? `剩余 ${Math.floor(left / 60)} 分 ${left % 60} 秒 · ${Math.floor(left / 60)} min ${left % 60} s left`
      : "已过期，请重新生成 · Expired: make a new code";
    if (left === 0) clearInterval(countdown);
  };
  tick();
  countdown = setInterval(tick, 1000);
  $("grant-code").scrollIntoView({ block: "center" });
}

async function listGrants(call, notice) {
  const grants = await call("GET", "/api/v1/me/grants");
  $("grant-empty").hidden = grants.length > 0;
  $("grant-list").replaceChildren(...grants.map((grant) => {
    const [zh, en] = states[grant.status] || [grant.status, grant.status];
    const line = el("li", { "data-grant": grant.grantId, "data-status": grant.status },
      el("div", { class: "line" }, el("strong", {}, grant.matterName), el("span", {}, grant.departmentName),
         el("span", { class: `state ${grant.status === "active" ? "active" : grant.status === "used" ? "pending" : "revoked"}` }, `${zh} ${en}`)),
      el("div", { class: "meta" }, `${grant.createdAt ? time(grant.createdAt) + " 生成 made · " : ""}至 until ${time(grant.expiresAt)} · 已用 used ${grant.uses}/${grant.maxUses}`));
    if (grant.status === "active") {
      const revoke = el("button", { type: "button", class: "small" }, ...both("撤销", "Revoke"));
      revoke.addEventListener("click", async () => {
        try {
          await call("DELETE", `/api/v1/me/grants/${grant.grantId}`);
          if ($("grant-issued").dataset.grant === grant.grantId) { clearInterval(countdown); $("grant-issued").hidden = true; }
          await listGrants(call, notice);
          $("grant-list").querySelector(`[data-grant="${grant.grantId}"]`)?.setAttribute("tabindex", "-1");
          $("grant-list").querySelector(`[data-grant="${grant.grantId}"]`)?.focus();
        } catch (failure) {
          notice?.(failure.message);
        }
      });
      line.append(el("div", { class: "actions" }, revoke));
    }
    return line;
  }));
}
