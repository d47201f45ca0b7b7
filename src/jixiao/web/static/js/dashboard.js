// 仪表盘: draws the page's charts with Apache ECharts (vendored, window.echarts) from the data the server put
// in <script type="application/json" id="dashboard-data">. The same numbers are in the tables beside the
// charts; the charts add nothing the tables do not have. Text is only ever set with textContent: tooltips
// are DOM elements, never HTML strings.

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const INK = "#1d2939";
const MUTED = "#667085";
const CATEGORY_COLORS = { 产出指标: "#1f4e8c", 效益指标: "#12b76a", 满意度指标: "#f79009", 成本指标: "#9e77ed" };
const OTHER_COLORS = ["#5fa8d3", "#c11574", "#98a2b3", "#667085", "#84adff"];
const SEVERITY_COLORS = { error: "#b42318", warning: "#dc6803", info: "#175cd3" };
const GRADE_COLORS = { 优: "#067647", 良: "#2e90fa", 中: "#f79009", 差: "#b42318" };
const ROW = 30; // px per bar row of the horizontal charts
const MAX_ROWS = 22; // rows shown at once; more scroll with a slider
const LABEL_WIDTH = 168; // px of an axis label before it is cut with "…"

const charts = [];

function fmt(x, digits = 0) {
  return Number(x).toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A tooltip: the first line bold (a full name), then the lines, each optionally with a colour swatch. */
function tip(title, lines) {
  const box = document.createElement("div");
  box.className = "dash-tip";
  const head = document.createElement("strong");
  head.textContent = title;
  box.appendChild(head);
  for (const line of lines) {
    const div = document.createElement("div");
    const [text, color] = Array.isArray(line) ? line : [line, null];
    if (color) {
      const sw = document.createElement("span");
      sw.className = "sw";
      sw.style.background = color;
      div.appendChild(sw);
    }
    div.appendChild(document.createTextNode(text));
    box.appendChild(div);
  }
  return box;
}

function categoryColor(name, i) {
  return CATEGORY_COLORS[name] || OTHER_COLORS[i % OTHER_COLORS.length];
}

function base() {
  return {
    textStyle: { fontFamily: FONT, color: INK },
    animationDuration: 300,
    tooltip: { confine: true, backgroundColor: "#fff", borderColor: "#d0d5dd", textStyle: { color: INK, fontFamily: FONT } },
  };
}

/** A category axis of bar rows whose labels are `labels` (row i is the category "i", so that equal names stay
 * apart), cut at LABEL_WIDTH px; the full name is in the tooltip, also when pointing at the label. */
function rowAxis(labels, extra = {}) {
  return {
    type: "category",
    data: labels.map((_, i) => String(i)),
    inverse: true,
    triggerEvent: true,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: "#d0d5dd" } },
    axisLabel: { formatter: (v) => labels[Number(v)] ?? "", width: LABEL_WIDTH, overflow: "truncate", ellipsis: "…",
                 color: INK, fontSize: 12 },
    ...extra,
  };
}

/** A value axis; the name of a horizontal one goes under its middle (never over the last tick label). */
function valueAxis(name, extra = {}, horizontal = true) {
  return {
    type: "value",
    name,
    nameLocation: horizontal ? "middle" : "end",
    nameGap: horizontal ? 26 : 12,
    nameTextStyle: { color: MUTED, fontSize: 12 },
    axisLabel: { color: MUTED, fontSize: 11 },
    splitLine: { lineStyle: { color: "#eaecf0" } },
    ...extra,
  };
}

/** Height and, for many rows, a slider for a horizontal bar chart of `n` rows (as tall as `atLeast` rows). */
function rows(el, n, grid, atLeast = 0) {
  const shown = Math.min(Math.max(n, atLeast, 1), MAX_ROWS);
  el.style.height = `${Math.max(200, shown * ROW + grid.top + grid.bottom + 20)}px`;
  if (n <= MAX_ROWS) return [];
  grid.right = 40;
  return [{ type: "slider", yAxisIndex: 0, right: 8, width: 14, startValue: 0, endValue: MAX_ROWS - 1, showDetail: false,
            brushSelect: false, zoomLock: true, filterMode: "empty" }];
}

function empty(el, text) {
  const p = document.createElement("p");
  p.className = "chart-empty";
  p.textContent = text;
  el.style.height = "140px";
  el.replaceChildren(p);
}

function draw(el, option, onClick) {
  const chart = window.echarts.init(el, null, { renderer: "canvas", locale: "ZH" });
  chart.setOption(option);
  // the full name of a cut axis label: point at the label, see the row's tooltip
  chart.on("mouseover", (e) => {
    if ((e.componentType === "yAxis" || e.componentType === "xAxis") && e.targetType === "axisLabel") {
      chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: Number(e.value) });
    }
  });
  chart.on("mouseout", (e) => {
    if (e.targetType === "axisLabel") chart.dispatchAction({ type: "hideTip" });
  });
  if (onClick) chart.on("click", onClick);
  charts.push(chart);
  return chart;
}

function axisIndex(params) {
  return (Array.isArray(params) ? params[0] : params).dataIndex;
}

// 1a. 一级 categories per department and year: stacked bars, one row per group
function categoriesChart(el, d) {
  if (!d.groups.length || !d.categories.length) return empty(el, "没有指标");
  const grid = { left: 8, right: 24, top: 34, bottom: 30, containLabel: true };
  const zoom = rows(el, d.groups.length, grid, d.subcategories.length); // as tall as the 二级 chart beside it
  const colors = d.categories.map((c, i) => categoryColor(c.name, i));
  draw(el, {
    ...base(),
    color: colors,
    grid,
    dataZoom: zoom,
    legend: { top: 0, left: 0, type: "scroll", itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
    tooltip: { ...base().tooltip, trigger: "axis", axisPointer: { type: "shadow" }, formatter: (params) => {
      const i = axisIndex(params);
      const total = d.categories.reduce((s, c) => s + c.data[i], 0);
      return tip(d.groups[i], [...d.categories.filter((c) => c.data[i]).map((c) => [`${c.name}：${fmt(c.data[i])} 项`,
        colors[d.categories.indexOf(c)]]), `合计：${fmt(total)} 项`]);
    } },
    xAxis: valueAxis("指标数", { minInterval: 1 }),
    yAxis: rowAxis(d.groups),
    series: d.categories.map((c) => ({ type: "bar", stack: "all", name: c.name, data: c.data, barMaxWidth: 32,
                                       emphasis: { focus: "series" } })),
  });
}

// 1b. 二级 subcategories, all groups together, coloured by their 一级
function subcategoriesChart(el, d) {
  const subs = d.subcategories;
  if (!subs.length) return empty(el, "没有指标");
  const grid = { left: 8, right: 48, top: 34, bottom: 30, containLabel: true };
  const zoom = rows(el, subs.length, grid, d.groups.length);
  const names = d.categories.map((c) => c.name);
  const colorOf = (cat) => categoryColor(cat, names.indexOf(cat));
  draw(el, {
    ...base(),
    grid,
    dataZoom: zoom,
    tooltip: { ...base().tooltip, trigger: "axis", axisPointer: { type: "shadow" }, formatter: (params) => {
      const s = subs[axisIndex(params)];
      return tip(s.name, [[`一级：${s.category}`, colorOf(s.category)], `指标数：${fmt(s.count)} 项`,
        ...s.parts.map((x) => `　${x.name}：${fmt(x.count)} 项`)]);
    } },
    xAxis: valueAxis("指标数", { minInterval: 1 }),
    yAxis: rowAxis(subs.map((s) => s.name)),
    series: [{ type: "bar", name: "指标数", barMaxWidth: 18,
               data: subs.map((s) => ({ value: s.count, itemStyle: { color: colorOf(s.category) } })),
               label: { show: true, position: "right", color: MUTED, fontSize: 11 } }],
  });
}

// 2. share of quantitative targets per department and year
function quantitativeChart(el, d) {
  if (!d.groups.length) return empty(el, "没有指标");
  const grid = { left: 8, right: 56, top: 30, bottom: 30, containLabel: true };
  const zoom = rows(el, d.groups.length, grid);
  const q = d.quantitative;
  draw(el, {
    ...base(),
    grid,
    dataZoom: zoom,
    tooltip: { ...base().tooltip, trigger: "axis", axisPointer: { type: "shadow" }, formatter: (params) => {
      const i = axisIndex(params);
      return tip(d.groups[i], [`定量指标：${fmt(q[i].quant)} / ${fmt(q[i].total)} 项`,
        `定量占比：${q[i].share == null ? "—" : fmt(q[i].share, 1) + "%"}`]);
    } },
    xAxis: valueAxis("定量占比（%）", { min: 0, max: 100, interval: 20, axisLabel: { color: MUTED, fontSize: 11, formatter: "{value}%" } }),
    yAxis: rowAxis(d.groups),
    series: [{ type: "bar", name: "定量占比", barMaxWidth: 20, itemStyle: { color: "#1f4e8c" },
               data: q.map((x) => x.share),
               label: { show: true, position: "right", color: INK, fontSize: 11,
                        formatter: (p) => (p.value == null ? "" : `${fmt(p.value, 1)}%`) } }],
  });
}

// 3. the most frequent findings, coloured by severity
function findingsChart(el, d) {
  const f = d.findings;
  if (!f.length) return empty(el, "没有审核问题");
  const grid = { left: 8, right: 40, top: 30, bottom: 30, containLabel: true };
  rows(el, f.length, grid);
  const severities = ["error", "warning", "info"].filter((sev) => f.some((x) => x.severity === sev));
  for (const x of f) if (!severities.includes(x.severity)) severities.push(x.severity);
  draw(el, {
    ...base(),
    grid,
    tooltip: { ...base().tooltip, trigger: "axis", axisPointer: { type: "shadow" }, formatter: (params) => {
      const x = f[axisIndex(params)];
      return tip(`${x.code} ${x.rule}`, [[`严重程度：${x.severity_zh}`, SEVERITY_COLORS[x.severity]], `出现次数：${fmt(x.count)}`]);
    } },
    xAxis: valueAxis("出现次数", { minInterval: 1 }),
    yAxis: rowAxis(f.map((x) => `${x.code} ${x.rule}`), { axisLabel: { formatter: (v) => `${f[Number(v)].code} ${f[Number(v)].rule}`,
      width: LABEL_WIDTH + 60, overflow: "truncate", ellipsis: "…", color: INK, fontSize: 12 } }),
    legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
    series: severities.map((sev) => ({
      type: "bar", stack: "all", name: f.find((x) => x.severity === sev).severity_zh, barMaxWidth: 18,
      itemStyle: { color: SEVERITY_COLORS[sev] || MUTED },
      data: f.map((x) => (x.severity === sev ? x.count : "-")),
      label: { show: true, position: "right", color: MUTED, fontSize: 11 },
    })),
  });
}

// 4. the projects with the most money (万元); a bar opens the project
function projectsChart(el, d) {
  const p = d.projects;
  if (!p.length) return empty(el, "没有填写金额的项目");
  const grid = { left: 8, right: 72, top: 30, bottom: 30, containLabel: true };
  rows(el, p.length, grid);
  draw(el, {
    ...base(),
    grid,
    tooltip: { ...base().tooltip, trigger: "axis", axisPointer: { type: "shadow" }, formatter: (params) => {
      const x = p[axisIndex(params)];
      return tip(x.name, [x.group, `金额：${fmt(x.wan, 2)} 万元`, "点击条形打开项目"]);
    } },
    xAxis: valueAxis("万元"),
    yAxis: rowAxis(p.map((x) => x.name)),
    series: [{ type: "bar", name: "金额", barMaxWidth: 16, cursor: "pointer", itemStyle: { color: "#1f4e8c" },
               data: p.map((x) => x.wan),
               label: { show: true, position: "right", color: MUTED, fontSize: 11, formatter: (v) => fmt(v.value, 2) } }],
  }, (e) => {
    if (e.componentType === "series" && p[e.dataIndex]) window.location.href = `/forms/${p[e.dataIndex].id}`;
  });
}

// 5a. grades of the latest scores
function gradesChart(el, d) {
  if (!d.scored) return empty(el, "还没有已评分的自评表");
  el.style.height = "260px";
  const g = d.grades;
  draw(el, {
    ...base(),
    grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
    tooltip: { ...base().tooltip, trigger: "axis", axisPointer: { type: "shadow" }, formatter: (params) => {
      const x = g[axisIndex(params)];
      return tip(x.name, [`表数：${fmt(x.count)}`, `占比：${fmt((100 * x.count) / d.scored, 1)}%`]);
    } },
    xAxis: { type: "category", data: g.map((x) => x.name), axisTick: { show: false }, axisLabel: { color: INK, fontSize: 13 } },
    yAxis: valueAxis("表数", { minInterval: 1 }, false),
    series: [{ type: "bar", name: "表数", barMaxWidth: 48,
               data: g.map((x) => ({ value: x.count, itemStyle: { color: GRADE_COLORS[x.name] || "#98a2b3" } })),
               label: { show: true, position: "top", color: INK, fontSize: 12 } }],
  });
}

// 5b. the latest scores in 10-point bins
function histogramChart(el, d) {
  if (!d.scored) return empty(el, "还没有已评分的自评表");
  el.style.height = "260px";
  const h = d.histogram;
  draw(el, {
    ...base(),
    grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
    tooltip: { ...base().tooltip, trigger: "axis", axisPointer: { type: "shadow" }, formatter: (params) => {
      const x = h[axisIndex(params)];
      return tip(`${x.name} 分`, [`表数：${fmt(x.count)}`]);
    } },
    xAxis: { type: "category", data: h.map((x) => x.name), name: "分", axisTick: { alignWithLabel: true },
             axisLabel: { color: MUTED, fontSize: 11, interval: 0, hideOverlap: true } },
    yAxis: valueAxis("表数", { minInterval: 1 }, false),
    series: [{ type: "bar", name: "表数", barCategoryGap: "8%", itemStyle: { color: "#2e90fa" },
               data: h.map((x) => x.count), label: { show: true, position: "top", color: INK, fontSize: 11,
               formatter: (p) => (p.value ? String(p.value) : "") } }],
  });
}

const DRAW = { categories: categoriesChart, subcategories: subcategoriesChart, quantitative: quantitativeChart,
               findings: findingsChart, projects: projectsChart, grades: gradesChart, histogram: histogramChart };

function start() {
  const block = document.getElementById("dashboard-data");
  if (!block) return; // nothing to draw (no forms match)
  const data = JSON.parse(block.textContent);
  for (const el of document.querySelectorAll(".chart[data-chart]")) {
    if (!window.echarts) {
      empty(el, "图表组件未能加载；数据见表格");
      continue;
    }
    try {
      DRAW[el.dataset.chart](el, data);
    } catch (e) {
      empty(el, "图表未能绘制；数据见表格");
      throw e;
    }
  }
  // charts follow their boxes: window resizes and layout changes (one frame per burst)
  let pending = false;
  const resize = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      for (const c of charts) c.resize();
    });
  };
  window.addEventListener("resize", resize);
  if ("ResizeObserver" in window) {
    const ro = new ResizeObserver(resize);
    for (const c of charts) ro.observe(c.getDom());
  }
}

// the chart library is a deferred classic script: it has run before this module, unless it failed to load
if (window.echarts || document.readyState === "complete") start();
else window.addEventListener("load", start, { once: true });
