// The federation page: polls state.json and draws it. Every value goes in as text (never as
// HTML); sequence diagrams are inline SVG built element by element. No library, no build step.

const POLL_MS = 2000;
const SVG = "http://www.w3.org/2000/svg";
const REPLY = /^(reply|notify|remote state)/;
const LABEL_CHARS = 52; // one hop per row: a label may reach over neighbouring lifelines
const CHAR_PX = 7.3;
let diagrams = 0;
const drawnFlows = new Map(); // operationId -> {key, node}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function when(iso) {
  return iso ? String(iso).replace("T", " ").slice(0, 19) : "";
}

function tone(value) {
  const text = String(value ?? "").toUpperCase();
  if (/^(ONBOARDED|AVAILABLE|READY|DELIVERED|PASS|RUNNING|INSTANTIATED)/.test(text)) return "ok";
  if (/(FAIL|DEAD|ERROR|NOT_AVAILABLE|UNAVAILABLE|REJECT)/.test(text)) return "bad";
  return "warn";
}

function badge(value) {
  return el("span", { class: tone(value) }, value ?? "—");
}

function table(headers, rows, empty) {
  if (!rows.length) return el("p", { class: "muted" }, empty);
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))),
  );
}

function fill(id, ...children) {
  const body = document.querySelector(`#${id} .body`);
  body.replaceChildren(...children.flat());
}

// -- partners ------------------------------------------------------------------------------

function federationCell(list, originating) {
  if (!list.length) return el("span", { class: "muted" }, "none");
  return list.map((f) =>
    el(
      "div",
      {},
      badge(f.status),
      " ",
      el("code", {}, f.federationContextId),
      originating
        ? ` · zones offered ${f.zonesOffered}, subscribed ${f.zonesSubscribed}` +
            (f.variant ? " · variant" : " · standard only")
        : ` · zones subscribed ${f.zonesSubscribed}` + (f.since ? ` · since ${when(f.since)}` : ""),
    ),
  );
}

function renderPartners(partners) {
  fill(
    "partners",
    table(
      ["Partner", "Networks", "Federation this OP created there", "Federation the partner created here"],
      partners.map((p) => [
        el("strong", {}, p.partnerId),
        p.networkIds.join(", ") || "—",
        federationCell(p.originating, true),
        federationCell(p.serving, false),
      ]),
      "No partner is configured and none has federated with this OP.",
    ),
  );
}

// -- zones ---------------------------------------------------------------------------------

function usage(used, total, unit) {
  return `${used} / ${total}${unit}`;
}

function renderZones(zones) {
  fill(
    "zones",
    el("h3", {}, "Own zones"),
    table(
      ["Zone", "Where", "Region", "Availability", "CPU used", "Memory used", "Storage used", "Subscribed by"],
      zones.own.map((z) => [
        el("code", {}, z.zoneId),
        z.geography,
        z.region || "—",
        badge(z.status),
        usage(z.used.cpu, z.capacity.cpu, ""),
        usage(z.used.memoryMb, z.capacity.memoryMb, " MB"),
        usage(z.used.storageGb, z.capacity.storageGb, " GB"),
        z.subscribers.join(", ") || "—",
      ]),
      "This OP has no zones.",
    ),
    el("h3", {}, "Federated zones (offered by partners)"),
    table(
      ["Partner", "Zone", "Where", "Availability", "Subscribed"],
      zones.federated.map((z) => [
        z.partnerId,
        el("code", {}, z.zoneId),
        z.geography || "—",
        badge(z.status),
        z.subscribed ? "yes" : "no",
      ]),
      "No partner offers zones to this OP yet.",
    ),
  );
}

// -- apps and instances --------------------------------------------------------------------

function renderWorkloads(workloads) {
  if (!workloads.length) {
    fill("workloads", el("p", { class: "muted" }, "No apps or instances yet."));
    return;
  }
  fill(
    "workloads",
    workloads.map((zone) => [
      el("h3", {}, "Zone ", el("code", {}, zone.zoneId)),
      table(
        ["App", "Via", "State"],
        zone.apps.map((a) => [el("code", {}, a.name || a.appId), a.via, badge(a.state)]),
        "No apps in this zone.",
      ),
      table(
        ["Instance", "App", "Via", "State"],
        zone.instances.map((i) => [
          el("code", {}, i.instanceId),
          i.name || i.appId,
          i.via,
          badge(i.state),
        ]),
        "No instances in this zone.",
      ),
    ]),
  );
}

// -- flows and their sequence diagrams -----------------------------------------------------

function clip(text, room) {
  return text.length > room ? `${text.slice(0, Math.max(room - 1, 1))}…` : text;
}

function diagram(flow) {
  const id = `arrow-${++diagrams}`;
  const col = 200;
  const top = 10;
  const head = 28;
  const row = 36;
  const actors = flow.actors;
  const width = col * actors.length + 40;
  const height = top + head + 30 + row * flow.hops.length;
  const x = (name) => 20 + col * actors.indexOf(name) + col / 2;
  const root = svg("svg", {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "data-operation": flow.operationId,
    "aria-label": `sequence diagram of flow ${flow.operationId}`,
  });
  const marker = svg("marker", {
    id,
    viewBox: "0 0 10 10",
    refX: 10,
    refY: 5,
    markerWidth: 8,
    markerHeight: 8,
    orient: "auto-start-reverse",
  });
  marker.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#34495e" }));
  const defs = svg("defs");
  defs.append(marker);
  root.append(defs);
  for (const name of actors) {
    const group = svg("g", { class: "actor" });
    group.append(
      svg("rect", { x: x(name) - col / 2 + 12, y: top, width: col - 24, height: head, rx: 4 }),
      svg("text", { x: x(name), y: top + 18, "text-anchor": "middle" }, name),
    );
    root.append(group, svg("line", { class: "lifeline", x1: x(name), x2: x(name), y1: top + head, y2: height - 4 }));
  }
  flow.hops.forEach((hop, index) => {
    const y = top + head + 30 + row * index;
    const from = x(hop.from);
    const to = x(hop.to);
    const status = hop.statusCode ?? null;
    const kind = ["hop", REPLY.test(hop.action) ? "reply" : "", status >= 400 ? "failed" : ""];
    const group = svg("g", { class: kind.join(" ").trim(), "data-step": hop.step });
    const full = `step ${hop.step}: ${hop.from} → ${hop.to}: ${hop.action}` +
      (status !== null ? ` (${status})` : "") + (hop.startedAt ? ` at ${when(hop.startedAt)}` : "") +
      (hop.detail ? ` — ${hop.detail}` : "");
    group.append(svg("title", {}, full));
    const text = clip(hop.action, LABEL_CHARS);
    const span = (text.length + (status !== null ? 4 : 0)) * CHAR_PX;
    let labelX;
    let anchor = "middle";
    if (from === to) {
      group.append(svg("path", { d: `M ${from} ${y} h 34 v 14 h -30`, "marker-end": `url(#${id})` }));
      labelX = from + 40;
      anchor = "start";
      if (labelX + span > width - 4) {
        labelX = from - 24;
        anchor = "end";
      }
    } else {
      const dir = to > from ? 1 : -1;
      group.append(svg("line", { x1: from, y1: y, x2: to - dir * 2, y2: y, "marker-end": `url(#${id})` }));
      labelX = Math.min(Math.max((from + to) / 2, span / 2 + 4), width - span / 2 - 4);
    }
    const circle = svg("g", { class: "step" });
    const cx = from === to ? from - 12 : from + (to > from ? 12 : -12);
    circle.append(
      svg("circle", { cx, cy: y, r: 9 }),
      svg("text", { x: cx, y: y + 4, "text-anchor": "middle" }, String(hop.step)),
    );
    const label = svg("text", { x: labelX, y: y - 6, "text-anchor": anchor, class: "label" });
    label.append(svg("tspan", {}, text));
    if (status !== null) {
      label.append(svg("tspan", { class: status >= 400 ? "status-bad" : "status-ok" }, ` ${status}`));
    }
    group.append(circle, label);
    root.append(group);
  });
  return root;
}

function flowNode(flow) {
  const pkg = flow.package || {};
  return el(
    "div",
    { class: "flow", "data-operation": flow.operationId, "data-state": flow.state },
    el(
      "div",
      { class: "flow-head" },
      badge(flow.state),
      el("strong", {}, `${pkg.appPkgName || "?"} ${pkg.appPkgVersion || ""}`.trim()),
      el("span", {}, `${flow.appType} → network ${flow.targetNetworkId}`),
      el("span", {}, `role ${flow.role}` + (flow.partnerId ? ` · partner ${flow.partnerId}` : "")),
      el("span", { class: "muted" }, `steps ${flow.steps.join(", ") || "none"}`),
      el("code", { class: "muted" }, flow.operationId),
      el("span", { class: "muted" }, when(flow.updatedAt)),
    ),
    flow.detail ? el("p", { class: tone(flow.state) }, flow.detail) : null,
    flow.hops.length ? el("div", { class: "diagram" }, diagram(flow)) : el("p", { class: "muted" }, "No hop recorded yet."),
    el("details", {}, el("summary", {}, "Mermaid"), el("pre", {}, flow.mermaid)),
  );
}

function renderFlows(flows) {
  if (!flows.length) {
    drawnFlows.clear();
    fill("flows", el("p", { class: "muted" }, "No flow has passed through this OP yet."));
    return;
  }
  const nodes = flows.map((flow) => {
    const key = JSON.stringify(flow);
    const known = drawnFlows.get(flow.operationId);
    if (known && known.key === key) return known.node;
    const node = flowNode(flow);
    drawnFlows.set(flow.operationId, { key, node });
    return node;
  });
  const shown = new Set(flows.map((f) => f.operationId));
  for (const id of [...drawnFlows.keys()]) if (!shown.has(id)) drawnFlows.delete(id);
  fill("flows", nodes);
}

// -- outbox and conformance ----------------------------------------------------------------

function messages(list, empty) {
  return table(
    ["Kind", "Destination", "Attempts", "Last status", "Last error", "Next attempt / updated"],
    list.map((m) => [
      el("code", {}, m.kind),
      m.destination,
      `${m.attempts} / ${m.maxAttempts}`,
      m.lastStatusCode ?? "—",
      m.lastError || "—",
      when(m.nextAttemptAt || m.updatedAt),
    ]),
    empty,
  );
}

function renderOutbox(outbox) {
  fill(
    "outbox",
    el("div", { class: "counts" }, Object.entries(outbox.counts).map(([k, v]) => el("span", {}, `${k}: ${v}`))),
    el("h3", {}, "Retrying"),
    messages(outbox.retrying, "Nothing is being retried."),
    el("h3", {}, "Dead letters"),
    messages(outbox.dead, "No dead letters."),
  );
}

function renderConformance(conformance) {
  fill(
    "conformance",
    el("p", { class: "muted" }, "Reports are read from ", el("code", {}, conformance.folder)),
    table(
      ["Report", "Mode", "Target", "Profile", "Started", "Pass", "Fail", "Skip"],
      conformance.reports.map((r) => [
        r.html ? el("a", { href: `conformance/${encodeURIComponent(r.html)}` }, r.name) : r.name,
        r.error || r.mode || "—",
        r.target || "—",
        r.profile || "—",
        when(r.startedAt),
        el("span", { class: "ok" }, r.counts?.pass ?? 0),
        el("span", { class: r.counts?.fail ? "bad" : "muted" }, r.counts?.fail ?? 0),
        r.counts?.skip ?? 0,
      ]),
      "No conformance report in that folder yet.",
    ),
  );
}

// -- refresh -------------------------------------------------------------------------------

function render(state) {
  const op = state.operator;
  document.getElementById("operator").textContent = `${op.operatorId} (${op.countryCode}, ${op.networkIds.join(", ")})`;
  document.title = `${op.operatorId} · federation`;
  renderPartners(state.partners);
  renderZones(state.zones);
  renderWorkloads(state.workloads);
  renderFlows(state.flows);
  renderOutbox(state.outbox);
  renderConformance(state.conformance);
}

function say(text) {
  document.getElementById("status").textContent = text;
}

async function refresh() {
  let response;
  try {
    response = await fetch("state.json", { cache: "no-store", credentials: "same-origin" });
  } catch (error) {
    say(`this OP does not answer (${error.message}); trying again`);
    return true;
  }
  if (response.status === 401) {
    document.getElementById("content").hidden = true;
    document.getElementById("login").hidden = false;
    say("log in to watch this OP");
    return false;
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    say(`state.json answered ${response.status}: ${problem.detail || response.statusText}`);
    return response.status !== 403;
  }
  render(await response.json());
  document.getElementById("login").hidden = true;
  document.getElementById("content").hidden = false;
  say(`updated ${new Date().toLocaleTimeString()} · refreshes every ${POLL_MS / 1000} s`);
  return true;
}

async function loop() {
  if (await refresh()) setTimeout(loop, POLL_MS);
}

if (new URLSearchParams(location.search).get("login") === "failed") {
  document.getElementById("login-failed").hidden = false;
}
loop();
