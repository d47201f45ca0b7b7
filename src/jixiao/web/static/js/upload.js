// 上传: each file goes to POST /api/v1/documents on its own, with a progress bar and its own result.
import { csrfToken, chinese, el } from "./app.js";

const zone = document.getElementById("dropzone");
const input = document.getElementById("files");
const list = document.getElementById("uploads");
const maxSize = Number(zone.dataset.max);
const extensions = zone.dataset.extensions.split(",");
const KIND = { declaration: "申报表", self_evaluation: "自评表", department_overall: "部门整体" };

function send(file, item) {
  const bar = item.querySelector("progress");
  const state = item.querySelector(".state");
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/documents");
    xhr.setRequestHeader("X-CSRF-Token", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      state.textContent = e.loaded >= e.total ? "读取与审核中…" : "上传中…";
    };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      resolve({ status: xhr.status, data });
    };
    xhr.onerror = () => resolve({ status: 0, data: null });
    const fd = new FormData();
    fd.append("file", file, file.name);
    xhr.send(fd);
  });
}

function showResult(item, { status, data }) {
  const bar = item.querySelector("progress");
  const state = item.querySelector(".state");
  bar.remove();
  if (status === 200 || status === 201) {
    item.classList.add("done");
    const doc = data.documents[0];
    state.textContent = doc.created ? `已读取并入库：${doc.forms.length} 张表` : `该文件已在库中（${doc.forms.length} 张表），未重复入库`;
    const forms = el("ul", { class: "forms" });
    for (const f of doc.forms) {
      const c = f.counts;
      forms.append(el("li", {},
        el("a", { href: `/forms/${f.id}` }, f.name || "（未印项目名称）"),
        ` · ${KIND[f.kind] || f.kind}${f.fiscal_year ? " · " + f.fiscal_year + " 年度" : ""} · ${f.indicators} 个指标 · `,
        el("span", { class: c.error ? "badge error" : "badge zero" }, `${c.error} 错误`), " ",
        el("span", { class: c.warning ? "badge warning" : "badge zero" }, `${c.warning} 警告`)));
    }
    item.append(forms);
    const warnings = doc.document.warnings || [];
    if (warnings.length) {
      const w = el("details", { class: "warnings" }, el("summary", {}, `读取提示 ${warnings.length} 条`));
      const ul = el("ul");
      for (const x of warnings) ul.append(el("li", {}, (x.code ? x.code + "：" : "") + x.message));
      w.append(ul);
      item.append(w);
    }
  } else {
    item.classList.add("failed");
    const msg = data && data.error ? chinese(data.error.message) : (status === 0 ? "无法连接服务器" : `上传失败（HTTP ${status}）`);
    state.textContent = "未入库：" + msg;
  }
}

async function handle(files) {
  document.getElementById("no-uploads").hidden = true;
  const queue = [];
  for (const file of files) {
    const item = el("li", { class: "upload" }, el("strong", { class: "name" }, file.name), " ",
      el("span", { class: "size muted" }, `${(file.size / 1024).toFixed(1)} KB`), " ",
      el("progress", { max: "1", value: "0" }), " ", el("span", { class: "state" }, "等待中…"));
    list.prepend(item);
    const ext = "." + file.name.split(".").pop().toLowerCase();
    if (file.size > maxSize) {
      showResult(item, { status: 413, data: { error: { message: `文件过大（上限 ${Math.floor(maxSize / 1048576)} MB） / too large` } } });
    } else if (!extensions.includes(ext)) {
      showResult(item, { status: 415, data: { error: { message: `不支持的文件类型 ${ext}（可上传 ${extensions.join("、")}） / unsupported type` } } });
    } else if (file.size === 0) {
      showResult(item, { status: 422, data: { error: { message: "文件为空 / empty file" } } });
    } else {
      queue.push([file, item]);
    }
  }
  for (const [file, item] of queue) {  // one at a time: the server reads and reviews each
    showResult(item, await send(file, item));
  }
}

input.addEventListener("change", () => { handle(Array.from(input.files)); input.value = ""; });
["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add("over"); }));
["dragleave", "drop"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.remove("over"); }));
zone.addEventListener("drop", (e) => { if (e.dataTransfer && e.dataTransfer.files.length) handle(Array.from(e.dataTransfer.files)); });
