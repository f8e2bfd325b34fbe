// loadgate intake form: the questionnaire as a page. Built from the profile's JSON Schema (SCHEMA,
// inlined by `loadgate intake form`), checked as the customer types, previewed as the profile YAML
// loadgate reads. No network: everything it needs is in this file.
"use strict";
(function () {
  const SCHEMA = JSON.parse(document.getElementById("schema").textContent);
  const PREFILL = JSON.parse(document.getElementById("prefill").textContent);
  const MISSING = JSON.parse(document.getElementById("missing").textContent);
  const DURATION = new RegExp(SCHEMA.$defs.duration.pattern);

  // The questionnaire, in the order the pipeline team asks it; each field a schema path.
  const TOPICS = [
    { title: "Who is sending", why: "We key every event by your project token, so we can find your load among everyone else's.",
      fields: [["customer", "Company name"], ["kind", "Is it a load test or an import of historical data?"], ["token", "Project API token (phc_...)"]] },
    { title: "When", why: "The team watches the pipeline while it runs: pick a weekday, 08:00-17:00 Europe/London, and give the exact start with its UTC offset.",
      fields: [["schedule.start", "Start (e.g. 2026-12-15T10:00:00+00:00)"]] },
    { title: "How you send", why: "One event per request costs us a hundred times what a batch of 100 does: batching decides how much capture you need.",
      fields: [["batching.events_per_request", "Events per request (1 = single events)"], ["batching.endpoint", "Endpoint"]] },
    { title: "Your users", why: "Events of one distinct_id land on one partition: a few very busy ids can hold up everyone on theirs. Run the query below in your analytics tool and paste its CSV.",
      fields: [["distinct_ids.total", "Distinct ids in the whole load"], ["distinct_ids.total_events", "Events the counts below were counted in"], ["distinct_ids.top", "Top 100 distinct_ids (CSV: count,distinct_id)"]] },
    { title: "What you send", why: "Merges ($identify, $create_alias) cost us several times a $pageview, and their order matters.",
      fields: [["event_types", "Share of each event type (one per line: $pageview: 0.7)"], ["payload_bytes", "Mean size of one event's JSON, bytes"]] },
    { title: "Apps", why: "Transformations and destinations run on every event: they multiply our cost per event.",
      fields: [["apps_enabled", "Will apps be enabled?"]] },
    { title: "Persons", why: "Creating and updating persons is the costliest part of ingestion: one distinct_id's events with persons are processed one after another at a few hundred per second; sent with $process_person_profile: false they run several times faster and cost less. $identify and friends always process persons.",
      fields: [["personless_share", "Share of events sent with $process_person_profile: false (0 to 1; 0 if none)"]] },
    { title: "How fast, how long", why: "A ramp the autoscaler can follow is a load test; the same peak all at once looks like a denial of service. Give the stages of your ramp-up (the rate moves linearly from the previous target, 0 before the first).",
      fields: [["stages", "Ramp-up stages"], ["peak_events_per_second", "Peak events/second (if you have no stages yet)"], ["total_duration", "Total duration (if you have no stages yet, e.g. 1h30m)"]] },
    { title: "Product questions", why: "A load test is not the place to find out whether the product fits: settle those questions with us first.",
      fields: [["product_questions_answered", "Our product questions are answered"]] },
  ];

  function node(path) {
    let n = SCHEMA;
    for (const part of path.split(".")) {
      n = (n.properties || {})[part];
      if (!n) return null;
    }
    return n.$ref ? SCHEMA.$defs[n.$ref.split("/").pop()] : n;
  }
  function get(obj, path) {
    return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);
  }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    kids.forEach((k) => e.append(k));
    return e;
  }

  const form = document.getElementById("intake");
  const inputs = {};
  const errors = {};

  function field(path, label) {
    const s = node(path) || {};
    const id = "f-" + path.replace(/[^a-z0-9]/gi, "-");
    const wrap = el("div", { class: "field" });
    wrap.append(el("label", { for: id }, label));
    let input;
    if (path === "stages") {
      input = el("div", { id: id, class: "stages", role: "group", "aria-label": label });
      const add = el("button", { type: "button", id: "add-stage" }, "Add a stage");
      add.addEventListener("click", () => { addStage(input, "", ""); update(); });
      wrap.append(input, add);
      (get(PREFILL, "stages") || []).forEach((st) => addStage(input, st.duration, st.target));
      if (input.children.length === 0) addStage(input, "", "");
    } else if (s.enum || s.type === "boolean") {
      input = el("select", { id: id, name: path });
      input.append(el("option", { value: "" }, "—"));
      const values = s.enum || ["true", "false"];
      values.forEach((v) => input.append(el("option", { value: String(v) }, s.type === "boolean" ? (v === "true" ? "yes" : "no") : String(v))));
      const pre = get(PREFILL, path);
      if (pre !== undefined && pre !== null) input.value = String(pre);
      wrap.append(input);
    } else if (path === "event_types" || path === "distinct_ids.top") {
      input = el("textarea", { id: id, name: path, rows: path === "event_types" ? 6 : 8 });
      const pre = get(PREFILL, path);
      if (pre && path === "event_types") input.value = Object.entries(pre).map(([k, v]) => k + ": " + v).join("\n");
      if (pre && path === "distinct_ids.top") input.value = "count,distinct_id\n" + pre.map((t) => t.events + "," + csvQuote(t.distinct_id)).join("\n");
      if (path === "distinct_ids.top") {
        wrap.append(el("pre", { class: "query" }, "select count(*), distinct_id from events group by distinct_id order by count(*) desc limit 100"));
      }
      wrap.append(input);
    } else {
      input = el("input", { id: id, name: path, type: "text", autocomplete: "off" });
      const pre = get(PREFILL, path);
      if (pre !== undefined && pre !== null) input.value = String(pre);
      wrap.append(input);
    }
    const msg = el("div", { class: "msg", id: id + "-msg", role: "alert" });
    if (input.tagName !== "DIV") input.setAttribute("aria-describedby", id + "-msg");
    wrap.append(msg);
    if (MISSING.includes(path) || MISSING.some((m) => m.startsWith(path + "."))) wrap.classList.add("missing");
    inputs[path] = input;
    errors[path] = msg;
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    return wrap;
  }

  function addStage(box, duration, target) {
    const i = box.children.length;
    const row = el("div", { class: "stage" });
    const d = el("input", { type: "text", name: "stages." + i + ".duration", "aria-label": "stage " + (i + 1) + " duration", placeholder: "10m", value: duration == null ? "" : String(duration) });
    const t = el("input", { type: "text", name: "stages." + i + ".target", "aria-label": "stage " + (i + 1) + " target events/second", placeholder: "6000", value: target == null ? "" : String(target) });
    d.addEventListener("input", update);
    t.addEventListener("input", update);
    row.append(d, " to ", t, " events/s");
    box.append(row);
  }

  function csvQuote(s) {
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvSplit(line) {
    const out = [];
    let cur = "", q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) {
        if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c;
      } else if (c === '"') q = true;
      else if (c === ",") { out.push(cur); cur = ""; } else cur += c;
    }
    if (q) throw new Error("a quote is not closed");
    out.push(cur);
    return out;
  }

  // One answer read and checked: {value, error}; value undefined when unanswered.
  function read(path) {
    const s = node(path) || {};
    const input = inputs[path];
    if (path === "stages") {
      const stages = [];
      for (const row of input.children) {
        const [d, t] = row.querySelectorAll("input");
        if (!d.value.trim() && !t.value.trim()) continue;
        if (!DURATION.test(d.value.trim()) || d.value.trim().length < 2) return { error: "stage " + (stages.length + 1) + ": duration like 30s, 10m, 1h30m" };
        const n = Number(t.value.trim());
        if (t.value.trim() === "" || !isFinite(n) || n < 0) return { error: "stage " + (stages.length + 1) + ": target events/second, 0 or more" };
        stages.push({ duration: d.value.trim(), target: n });
      }
      return { value: stages.length ? stages : undefined };
    }
    const raw = input.value.trim();
    if (raw === "") return { value: undefined };
    if (path === "event_types") {
      const types = {};
      let sum = 0;
      for (const line of raw.split("\n").map((l) => l.trim()).filter((l) => l)) {
        const m = line.match(/^(.+?)\s*:\s*([0-9.]+)$/);
        if (!m) return { error: "one type per line, like $pageview: 0.7" };
        const share = Number(m[2]);
        if (!(share >= 0 && share <= 1)) return { error: m[1] + ": a share between 0 and 1" };
        types[m[1]] = share;
        sum += share;
      }
      if (Math.abs(sum - 1) > 0.01) return { error: "the shares add up to " + Math.round(sum * 1000) / 1000 + ", not 1" };
      return { value: types };
    }
    if (path === "distinct_ids.top") {
      const top = [];
      const seen = new Set();
      const lines = raw.split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.trim());
      for (let i = 0; i < lines.length; i++) {
        let cols;
        try { cols = csvSplit(lines[i]); } catch (e) { return { error: "line " + (i + 1) + ": " + e.message }; }
        if (i === 0 && /count/i.test(cols[0])) continue;
        if (cols.length !== 2) return { error: "line " + (i + 1) + ": count,distinct_id (2 columns, found " + cols.length + ")" };
        if (!/^\d+$/.test(cols[0].trim())) return { error: "line " + (i + 1) + ": count '" + cols[0] + "' is not a whole number" };
        if (!cols[1]) return { error: "line " + (i + 1) + ": distinct_id is empty" };
        if (seen.has(cols[1])) return { error: "line " + (i + 1) + ": '" + cols[1] + "' is listed twice" };
        seen.add(cols[1]);
        top.push({ distinct_id: cols[1], events: Number(cols[0].trim()) });
      }
      return { value: top };
    }
    if (s.type === "boolean") return { value: raw === "true" };
    if (s.enum) return { value: raw };
    if (s.type === "integer" || s.type === "number") {
      if (!/^-?\d+(\.\d+)?$/.test(raw)) return { error: "a number, digits only, like 2000" };
      const n = Number(raw);
      if (s.type === "integer" && !Number.isInteger(n)) return { error: "a whole number" };
      if (s.minimum !== undefined && n < s.minimum) return { error: "at least " + s.minimum };
      if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) return { error: "more than " + s.exclusiveMinimum };
      if (s.maximum !== undefined && n > s.maximum) return { error: "at most " + s.maximum };
      return { value: n };
    }
    if (s.pattern && !new RegExp(s.pattern).test(raw)) {
      return { error: path === "schedule.start" ? "date, time and UTC offset, like 2026-12-15T10:00:00+00:00" : path === "total_duration" ? "like 30m, 1h30m or 2d" : "letters, digits, _ and - only" };
    }
    if (s.minLength && raw.length < s.minLength) return { error: "required" };
    return { value: raw };
  }

  function yaml(answers) {
    const q = (v) => JSON.stringify(v);
    const lines = [];
    const top = (k) => answers[k];
    const put = (k, v) => { if (v !== undefined) lines.push(k + ": " + (typeof v === "string" ? q(v) : v)); };
    put("customer", top("customer"));
    if (top("kind") !== undefined) lines.push("kind: " + top("kind"));
    put("token", top("token"));
    put("product_questions_answered", top("product_questions_answered"));
    if (top("schedule.start") !== undefined) lines.push("schedule:", "  start: " + q(top("schedule.start")));
    if (top("stages")) {
      lines.push("stages:");
      top("stages").forEach((s) => lines.push("  - { duration: " + s.duration + ", target: " + s.target + " }"));
    }
    put("peak_events_per_second", top("peak_events_per_second"));
    if (top("total_duration") !== undefined) lines.push("total_duration: " + top("total_duration"));
    if (top("batching.events_per_request") !== undefined || top("batching.endpoint") !== undefined) {
      lines.push("batching:");
      if (top("batching.events_per_request") !== undefined) lines.push("  events_per_request: " + top("batching.events_per_request"));
      if (top("batching.endpoint") !== undefined) lines.push("  endpoint: " + top("batching.endpoint"));
    }
    if (["distinct_ids.total", "distinct_ids.total_events", "distinct_ids.top"].some((k) => top(k) !== undefined)) {
      lines.push("distinct_ids:");
      if (top("distinct_ids.total") !== undefined) lines.push("  total: " + top("distinct_ids.total"));
      if (top("distinct_ids.total_events") !== undefined) lines.push("  total_events: " + top("distinct_ids.total_events"));
      if (top("distinct_ids.top")) {
        lines.push("  top:");
        top("distinct_ids.top").forEach((t) => lines.push("    - { distinct_id: " + q(t.distinct_id) + ", events: " + t.events + " }"));
      }
    }
    if (top("event_types")) {
      lines.push("event_types:");
      Object.entries(top("event_types")).forEach(([k, v]) => lines.push("  " + q(k) + ": " + v));
    }
    put("apps_enabled", top("apps_enabled"));
    put("payload_bytes", top("payload_bytes"));
    put("personless_share", top("personless_share"));
    return lines.join("\n") + "\n";
  }

  const preview = document.getElementById("profile-yaml");
  const download = document.getElementById("download");
  const status = document.getElementById("status");
  let current = "";

  function update() {
    const answers = {};
    let bad = 0;
    for (const path of Object.keys(inputs)) {
      const r = read(path);
      errors[path].textContent = r.error || "";
      inputs[path].classList.toggle("invalid", !!r.error);
      if (r.error) bad++;
      else if (r.value !== undefined) answers[path] = r.value;
    }
    current = yaml(answers);
    preview.textContent = current;
    const answered = Object.keys(answers).length;
    download.disabled = bad > 0 || answered === 0;
    status.textContent =
      bad > 0 ? bad + " answer(s) to fix before the profile can be downloaded"
      : answered === 0 ? "Answer a question to start your profile"
      : "Ready to download";
    document.dispatchEvent(new CustomEvent("loadgate:answers", { detail: { yaml: current, valid: bad === 0 } }));
  }

  download.addEventListener("click", () => {
    if (download.disabled) return;
    const a = el("a", { href: URL.createObjectURL(new Blob([current], { type: "text/yaml" })), download: slug() + ".yaml" });
    document.body.append(a);
    a.click();
    a.remove();
  });

  // Served by `loadgate intake serve`: the real plan beside the answers, and a save button.
  const SERVED = JSON.parse(document.getElementById("served").textContent);
  let timer = null;
  let asked = 0;
  function slug() {
    return (inputs["customer"].value.trim() || "profile").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "profile";
  }
  if (SERVED) {
    document.getElementById("verdict-box").hidden = false;
    document.addEventListener("loadgate:answers", (e) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const mine = ++asked;
        fetch("plan", { method: "POST", body: e.detail.yaml })
          .then((r) => r.json())
          .then((plan) => {
            if (mine !== asked) return; // a later answer's plan is on its way
            const v = document.getElementById("verdict");
            const list = document.getElementById("verdict-reasons");
            list.textContent = "";
            if (plan.error) {
              v.textContent = "not yet: " + plan.error;
              return;
            }
            v.textContent = plan.verdict;
            plan.reasons.concat(plan.tell_customer.map((t) => "Tell the customer: " + t)).forEach((r) => list.append(el("li", {}, r)));
          })
          .catch(() => { document.getElementById("verdict").textContent = "the server did not answer"; });
      }, 250);
    });
    document.getElementById("save").addEventListener("click", () => {
      fetch("save?name=" + encodeURIComponent(slug()), { method: "POST", body: current })
        .then((r) => r.json())
        .then((r) => { document.getElementById("saved").textContent = r.saved ? "saved as " + r.saved : r.error; });
    });
  }

  for (const t of TOPICS) {
    const fs = el("fieldset", {}, el("legend", {}, t.title), el("p", { class: "why" }, t.why));
    t.fields.forEach(([path, label]) => fs.append(field(path, label)));
    form.append(fs);
  }
  window.loadgateIntake = { topics: TOPICS.map((t) => t.fields.map((f) => f[0])).flat(), update: update };
  update();
})();
