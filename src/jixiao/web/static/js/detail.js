// 项目详情: edit an indicator row in place through the REST API, then swap in the
// server-rendered table so the findings shown are the stored review's.
import { api, toast, el, ApiError } from "./app.js";

const body = document.getElementById("form-body");
const formId = body ? body.dataset.form : null;
const FIELDS = [["level1", "一级指标"], ["level2", "二级指标"], ["name", "三级指标"], ["target", "指标值"]];

function table() { return document.getElementById("indicator-table"); }
function version() { return Number(table().dataset.version); }

function setVersion(v) {
  table().dataset.version = String(v);
  const shown = document.getElementById("form-version");
  if (shown) shown.textContent = String(v);
  document.querySelectorAll(".version-field").forEach((f) => { f.value = String(v); });
}

async function refresh(focusPosition) {
  const res = await fetch(`/forms/${formId}/table`, { credentials: "same-origin" });
  if (!res.ok) { location.reload(); return; }
  body.innerHTML = await res.text();  // our own server-rendered, escaped fragment
  setVersion(version());
  if (focusPosition !== undefined) {
    const row = document.getElementById("row-" + focusPosition);
    const btn = row && row.querySelector(".edit-row");
    if (btn) btn.focus();
  }
}

function startEdit(tr) {
  if (tr.classList.contains("editing")) return;
  tr.classList.add("editing");
  const original = {};
  for (const [field, label] of FIELDS) {
    const td = tr.querySelector(`td[data-field="${field}"]`);
    original[field] = td.textContent.trim();
    td.textContent = "";
    td.append(el("input", { type: "text", name: field, value: original[field], "aria-label": label,
                            maxlength: field === "name" ? 2000 : 500, class: "cell-input" }));
  }
  const cell = tr.querySelector(".edit-row").parentElement;
  cell.textContent = "";
  const save = el("button", { type: "button", class: "btn small primary save-row" }, "保存");
  const cancel = el("button", { type: "button", class: "btn small ghost cancel-row" }, "取消");
  cell.append(save, " ", cancel);
  tr.dataset.original = JSON.stringify(original);
  tr.querySelector("input").focus();
}

async function saveRow(tr) {
  const original = JSON.parse(tr.dataset.original || "{}");
  const changes = {};
  for (const [field] of FIELDS) {
    const value = tr.querySelector(`input[name="${field}"]`).value.trim();
    if (value !== original[field]) changes[field] = value;
  }
  const position = Number(tr.dataset.position);
  if (Object.keys(changes).length === 0) { await refresh(position); return; }
  tr.querySelectorAll("input, button").forEach((x) => { x.disabled = true; });
  try {
    const detail = await api("PATCH", `/forms/${formId}/indicators/${position}`, { version: version(), ...changes });
    setVersion(detail.version);
    await refresh(position);
    const c = detail.counts;
    toast(`已保存并重新审核：${c.error} 个错误，${c.warning} 个警告`);
  } catch (e) {
    tr.querySelectorAll("input, button").forEach((x) => { x.disabled = false; });
    if (e instanceof ApiError && e.status === 409) {
      toast(e.message + "。请刷新页面查看最新内容后再修改。", "bad");
    } else {
      toast(e.message, "bad");
    }
  }
}

if (body) {
  body.addEventListener("click", (ev) => {
    const t = ev.target;
    const tr = t.closest && t.closest("tr.ind");
    if (!tr) return;
    if (t.classList.contains("edit-row")) startEdit(tr);
    else if (t.classList.contains("save-row")) saveRow(tr);
    else if (t.classList.contains("cancel-row")) refresh(Number(tr.dataset.position));
  });
  body.addEventListener("keydown", (ev) => {
    const tr = ev.target.closest && ev.target.closest("tr.ind.editing");
    if (!tr || ev.target.tagName !== "INPUT") return;
    if (ev.key === "Enter") { ev.preventDefault(); saveRow(tr); }
    else if (ev.key === "Escape") { ev.preventDefault(); refresh(Number(tr.dataset.position)); }
  });
}
