// After the identity platform: moves the token from the page into session storage and
// opens My Photos, replacing this page in the history.
import { citizen } from "/assets/me-session.js";

const token = document.querySelector('meta[name="photoonce-citizen-token"]')?.content;
const expires = document.querySelector('meta[name="photoonce-citizen-expires"]')?.content;
if (token) {
  citizen.save(token, expires);
  location.replace(citizen.takeNext());
}
