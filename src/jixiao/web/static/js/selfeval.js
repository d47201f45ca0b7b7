// 自评: live scoring while actuals are typed (POST /score/preview, nothing stored), and saving (POST /score).
import { api, toast, el, ApiError } from "./app.js";

const form = document.getElementById("selfeval-form");
const formId = form.dataset.form;
const editable = form.dataset.editable === "true";
const SEVERITY = { error: "错误", warning: "警告", info: "提示" };

/** A score as the official tables print it: two decimals. */
function pts(x) { return x === null || x === undefined ? "—" : x.toFixed(2); }

function fmt(x) {
  if (x === null || x === undefined) return "—";
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}

/** 万元 typed → 元 sent; "" → null; something else → undefined (not a number: left out, flagged). */
function yuan(input) {
  const v = input.value.trim().replace(/,/g, "");
  input.classList.remove("invalid");
  if (v === "") return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) { input.classList.add("invalid"); return undefined; }
  return Math.round(n * 10000 * 100) / 100;
}

function collect() {
  const body = { actuals: [] };
  for (const tr of form.querySelectorAll("tr.se-row")) {
    const get = (name) => tr.querySelector(`[name="${name}"]`).value.trim();
    body.actuals.push({ position: Number(tr.dataset.position), actual: get("actual") || null,
                        actual_grade: get("actual_grade") || null, deviation_reason: get("deviation_reason") || null });
  }
  const budget = yuan(form.elements.budget);
  const executed = yuan(form.elements.executed);
  if (budget !== undefined) body.budget = budget;
  if (executed !== undefined) body.executed = executed;
  body.execution_reason = form.elements.execution_reason.value.trim() || null;
  return body;
}

function render(ev) {
  document.getElementById("sum-total").textContent = pts(ev.total);
  const grade = document.getElementById("sum-grade");
  grade.textContent = ev.grade || "未定级";
  grade.className = "grade g-" + (ev.grade || "none");
  const complete = document.getElementById("sum-complete");
  complete.textContent = ev.complete ? "评分完整" : "评分未完成：有指标无法评分，不给等级";
  complete.className = ev.complete ? "ok" : "bad";
  document.getElementById("exec-note").textContent = ev.execution.note || ev.execution.problem || "";
  const cats = document.getElementById("sum-cats");
  cats.replaceChildren(el("tr", {}, el("td", {}, "预算执行率"), el("td", { class: "num" }, fmt(ev.execution.weight)),
                          el("td", { class: "num" }, pts(ev.execution.score))));
  for (const [name, c] of Object.entries(ev.categories)) {
    cats.append(el("tr", {}, el("td", {}, name), el("td", { class: "num" }, fmt(c.weight)), el("td", { class: "num" }, pts(c.score))));
  }
  for (const s of ev.indicators) {
    const tr = form.querySelector(`tr.se-row[data-position="${s.index}"]`);
    if (!tr) continue;
    tr.querySelector(".se-weight").textContent = fmt(s.weight);
    tr.querySelector(".se-score").textContent = pts(s.score);
    const note = form.querySelector(`tr.se-note-row[data-for="${s.index}"] .se-note`);
    note.textContent = s.problem || s.note || "";
    note.classList.toggle("bad", Boolean(s.problem));
  }
  const problems = document.getElementById("sum-problems");
  problems.replaceChildren();
  if (ev.problems.length) {
    problems.append(el("h3", {}, "无法评分"), el("ul", { class: "problems" }, ...ev.problems.map((p) => el("li", {}, p))));
  }
  const checks = document.getElementById("sum-checks");
  checks.replaceChildren();
  if (ev.checks && ev.checks.length) {
    checks.append(el("h3", {}, "自评检查"), el("ul", { class: "findings" }, ...ev.checks.map((f) =>
      el("li", { class: "finding " + f.severity }, el("span", { class: "badge " + f.severity }, SEVERITY[f.severity] || f.severity),
         " ", el("code", { class: "code" }, f.code), " ", f.message))));
  }
  const notes = document.getElementById("sum-notes");
  notes.replaceChildren();
  if (ev.notes.length) notes.append(el("ul", { class: "muted small" }, ...ev.notes.map((n) => el("li", {}, n))));
}

let timer = null;
let asked = 0;
async function preview() {
  const ticket = ++asked;
  try {
    const { evaluation } = await api("POST", `/forms/${formId}/score/preview`, collect());
    if (ticket === asked) render(evaluation);  // only the answer to the latest question counts
  } catch (e) {
    if (ticket === asked) toast("试算失败：" + e.message, "bad");
  }
}

form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(preview, 250); });
form.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(preview, 50); });

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (!editable) return;
  const button = document.getElementById("save-score");
  button.disabled = true;
  try {
    await api("POST", `/forms/${formId}/score`, { version: Number(form.dataset.version), ...collect() });
    location.href = `/forms/${formId}/selfeval?done=scored`;
  } catch (e) {
    button.disabled = false;
    toast(e instanceof ApiError && e.status === 409 ? e.message + "。请刷新页面后再保存。" : "未保存：" + e.message, "bad");
  }
});
