// Polls /cluster/state every 500 ms and redraws the page. No framework: the DOM API is enough for five tables.
"use strict";
(function () {
  const PERIOD_MS = 500;
  const $ = (id) => document.getElementById(id);
  const quantities = {};

  function cell(text, numeric) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "–" : String(text);
    if (numeric) td.className = "n";
    return td;
  }

  // as the API writes it: two decimals (55.00)
  function price(value) {
    return typeof value === "number" ? value.toFixed(2) : value;
  }

  function fill(table, rows) {
    const body = $(table).tBodies[0];
    body.replaceChildren(...rows);
  }

  function row(cells, className, attributes) {
    const tr = document.createElement("tr");
    if (className) tr.className = className;
    Object.entries(attributes || {}).forEach(([k, v]) => tr.setAttribute(k, v));
    cells.forEach((c) => tr.appendChild(c));
    return tr;
  }

  function draw(state) {
    const leader = $("leader");
    leader.dataset.leader = state.leaderId > 0 ? String(state.leaderId) : "";
    leader.textContent = state.leaderId > 0
      ? "Leader: replica " + state.leaderId
      : "Leader: none (the front end elects one at its next trade)";

    fill("replicas", state.replicas.map((r) => row([
      cell(r.id, true),
      cell(r.up ? "up" : "down"),
      cell(r.up ? r.role : null),
      cell(r.up ? r.promisedEpoch : null, true),
      cell(r.up ? r.lastIndex : null, true),
      // only a leader knows the commit index; a follower reports -1
      cell(r.up && r.commitIndex >= 0 ? r.commitIndex : null, true),
      cell(r.up ? (r.ready ? "yes" : "syncing up") : null),
      cell(r.chosen ? "yes" : ""),
    ], !r.up ? "down" : (r.id === state.leaderId ? "leads" : ""), { "data-replica": r.id })));

    const cache = state.cache;
    $("cache-policy").textContent = cache.enabled
      ? "(" + cache.policy + ", " + cache.entries.length + " of " + cache.capacity + " entries)" : "(off)";
    $("cache-order").textContent = cache.policy === "lru" ? "stock (least recently used first)"
      : "stock (next to be evicted first)";
    $("cache-rate").textContent = "hit rate " + (100 * cache.hitRate).toFixed(1) + " % (" + cache.hits + " hits, "
      + cache.misses + " misses)";
    fill("cache", cache.entries.map((s, i) => row([cell(i + 1, true), cell(s.name), cell(price(s.price), true),
      cell(s.quantity, true)], "", { "data-stock": s.name })));

    fill("trades", state.lastTrades.map((t) => row([cell(t.number, true), cell(t.name), cell(t.type),
      cell(t.quantity, true)], "", { "data-number": t.number })));

    if (state.stocks === null) {
      fill("stocks", [row([cell("catalog not answering"), cell(null), cell(null)], "down")]);
    } else {
      fill("stocks", state.stocks.map((s) => {
        const changed = s.name in quantities && quantities[s.name] !== s.quantity;
        quantities[s.name] = s.quantity;
        const q = cell(s.quantity, true);
        q.setAttribute("data-quantity", s.name);
        if (changed) q.classList.add("changed");
        return row([cell(s.name), cell(price(s.price), true), q], "", { "data-stock": s.name });
      }));
    }
  }

  async function poll() {
    const status = $("status");
    try {
      const answer = await fetch("/cluster/state", { cache: "no-store" });
      if (!answer.ok) throw new Error("HTTP " + answer.status);
      const state = (await answer.json()).data;
      draw(state);
      status.className = "";
      status.textContent = "updated " + new Date(state.takenAtMillis).toLocaleTimeString()
        + " (every " + PERIOD_MS + " ms)";
    } catch (e) {
      status.className = "stale";
      status.textContent = "front end not answering (" + e.message + "); showing the last state";
    } finally {
      setTimeout(poll, PERIOD_MS);
    }
  }

  poll();
})();
