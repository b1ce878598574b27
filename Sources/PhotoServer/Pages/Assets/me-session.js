// The citizen's token, kept for this tab only (closing it signs out).
export const citizen = {
  get token() {
    const expires = sessionStorage.getItem("photoonce.citizen.expires");
    if (expires && new Date(expires) <= new Date()) { this.clear(); return null; }
    return sessionStorage.getItem("photoonce.citizen.token");
  },
  save(token, expiresAt) {
    sessionStorage.setItem("photoonce.citizen.token", token);
    if (expiresAt) sessionStorage.setItem("photoonce.citizen.expires", expiresAt);
  },
  clear() {
    sessionStorage.removeItem("photoonce.citizen.token");
    sessionStorage.removeItem("photoonce.citizen.expires");
  },
};
