// The citizen sign-in page: shows only the ways in this node offers.
import { api, APIError } from "/assets/api.js";
import { citizen } from "/assets/me-session.js";

const $ = (id) => document.getElementById(id);

async function start() {
  let options;
  try {
    options = await api("GET", "/api/v1/me/sign-in-options", { token: null });
  } catch (error) {
    $("loading").textContent = "无法连接服务器 · Cannot reach the server: " + error.message;
    return;
  }
  $("loading").hidden = true;
  if (options.openIdConnect) {
    $("oidc").hidden = false;
    $("oidc-name").textContent = options.openIdConnect.name;
    $("oidc-button").href = options.openIdConnect.start;
  }
  if (options.development) $("dev").hidden = false;
  if (!options.openIdConnect && !options.development) $("none").hidden = false;
}

$("dev-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const error = form.querySelector(".error");
  error.textContent = "";
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const answer = await api("POST", "/dev/identity/login", {
      token: null,
      json: { identity: { type: form.type.value, number: form.number.value.trim() }, name: form.name.value.trim() },
    });
    citizen.save(answer.token, answer.expiresAt);
    location.assign(citizen.takeNext());
  } catch (failure) {
    error.textContent = failure instanceof APIError ? failure.message : "无法连接服务器 · Cannot reach the server";
    form.number.focus();
  } finally {
    button.disabled = false;
  }
});

citizen.rememberNext();
start();
