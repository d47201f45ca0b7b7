// Shared by every page: calling the REST API with the session's CSRF token, and notices.
// No framework, no build step: ES modules served as they are.

/** The CSRF token of the signed-in session (set by the server in <meta name="csrf-token">). */
export function csrfToken() {
  const m = document.querySelector('meta[name="csrf-token"]');
  return m ? m.content : "";
}

/** An API error with the server's Chinese message (`{"error": {"code", "message"}}`). */
export class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/**
 * Call `/api/v1` (`path` without the prefix) with JSON; resolves to the parsed answer.
 * Unsafe methods carry X-CSRF-Token. Errors become ApiError with the Chinese part of the message.
 */
export async function api(method, path, body, { raw = false } = {}) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch("/api/v1" + path, init);
  } catch (e) {
    throw new ApiError(0, "network", "无法连接服务器，请检查网络后重试");
  }
  if (raw) return res;
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!res.ok) {
    const err = (data && data.error) || {};
    if (res.status === 401) {
      location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
    }
    throw new ApiError(res.status, err.code || "http-" + res.status, chinese(err.message) || "请求失败（" + res.status + "）", err.detail);
  }
  return data;
}

/** The Chinese part of a bilingual "中文 / English" message. */
export function chinese(message) {
  if (!message) return "";
  const i = message.lastIndexOf(" / ");
  return i > 0 ? message.slice(0, i) : message;
}

let toastTimer = null;
/** A short notice at the bottom of the screen (read out by screen readers). */
export function toast(message, kind = "ok") {
  const el = document.getElementById("toast");
  if (!el) return;
  el.textContent = message;
  el.className = "toast " + kind;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, kind === "bad" ? 8000 : 4000);
}

/** Create an element with text content (never HTML) and attributes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// Confirm before returning a form without a comment (the server refuses it anyway).
document.addEventListener("submit", (ev) => {
  const form = ev.target;
  const area = form.querySelector && form.querySelector("textarea[name=comment][required]");
  if (area && !area.value.trim()) {
    ev.preventDefault();
    area.focus();
    toast("请填写退回意见", "bad");
  }
});
