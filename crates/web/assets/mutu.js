// mutu — progressive enhancement only: every page works without this script.
//
// On the questionnaire pages it
// - hides the questions and service details whose conditions do not hold (the `hidden`
//   attribute; aria-expanded on the checkbox that reveals a question);
// - keeps the count of services deployed or studied up to date;
// - for a respondent (the page carries #mutu-respondent), saves a draft about a second after
//   each change: first in localStorage (key per wave and respondent), then with
//   PUT /api/v1/…/answers/… and If-Match; the local copy is dropped once the server has it.
//   A copy left from an expired session is saved when a page of the form opens again.
"use strict";

(function () {
  var form = document.getElementById("answer-form");
  var root = document.getElementById("mutu-respondent");

  // ---- Conditions -------------------------------------------------------------------
  function checkedValues(scope, name) {
    var out = [];
    scope.querySelectorAll("input").forEach(function (input) {
      if (input.name === name && input.checked) out.push(input.value);
    });
    return out;
  }

  function applyConditions() {
    if (!form) return;
    form.querySelectorAll("[data-show-if]").forEach(function (box) {
      var question = box.getAttribute("data-show-if");
      var includes = box.getAttribute("data-show-if-includes");
      var equals = box.getAttribute("data-show-if-equals");
      var code = includes !== null ? includes : equals;
      var values = checkedValues(form, question);
      box.hidden = values.indexOf(code) < 0;
      form.querySelectorAll("input[type=checkbox]").forEach(function (input) {
        if (input.name === question && input.value === code) {
          input.setAttribute("aria-controls", box.id);
          input.setAttribute("aria-expanded", box.hidden ? "false" : "true");
        }
      });
    });
    var active = 0;
    form.querySelectorAll("[data-service]").forEach(function (row) {
      var name = row.querySelector("input[type=radio]").name.replace(/\.status$/, "");
      var status = checkedValues(row, name + ".status")[0] || "none";
      var deployed = status === "deployed";
      if (status !== "none") active += 1;
      row.querySelector("[data-when=active]").hidden = status === "none";
      var implemented = row.querySelector("[data-when=deployed]");
      implemented.hidden = !deployed;
      if (!deployed) {
        // « Déjà mutualisé » needs a deployed service: never leave it ticked out of sight.
        var radio = implemented.querySelector("input");
        if (radio.checked) {
          radio.checked = false;
          var no = row.querySelector("input[name='" + name + ".mutualisation'][value=none]");
          if (no) no.checked = true;
        }
      }
      var mutualisation = checkedValues(row, name + ".mutualisation")[0] || "none";
      row.querySelector("[data-when=pooled]").hidden = mutualisation === "none";
      var partners = row.querySelector("[data-when=partners]");
      partners.hidden = checkedValues(row, name + ".actors").indexOf("autres") < 0;
      var others = row.querySelector("input[name='" + name + ".actors'][value=autres]");
      if (others) {
        others.setAttribute("aria-controls", partners.id);
        others.setAttribute("aria-expanded", partners.hidden ? "false" : "true");
      }
    });
    form.querySelectorAll("[data-matrix-active]").forEach(function (count) {
      count.textContent = String(active);
    });
  }

  // ---- Reading the page's answers -----------------------------------------------------
  // The same forgiving rules as the server's form handling: what a condition hides is left out.
  function visible(element) {
    for (var e = element; e && e !== form; e = e.parentElement) {
      if (e.hidden) return false;
    }
    return true;
  }

  function readMatrix(box) {
    var rows = {};
    box.querySelectorAll("[data-service]").forEach(function (row) {
      var name = row.querySelector("input[type=radio]").name.replace(/\.status$/, "");
      var status = checkedValues(row, name + ".status")[0];
      if (!status || status === "none") return;
      var answer = { status: status };
      var mutualisation = checkedValues(row, name + ".mutualisation")[0];
      if (mutualisation && mutualisation !== "none" && !(mutualisation === "implemented" && status !== "deployed")) {
        answer.mutualisation = mutualisation;
        var types = checkedValues(row, name + ".types");
        var actors = checkedValues(row, name + ".actors");
        if (types.length) answer.types = types;
        if (actors.length) answer.actors = actors;
        var partners = row.querySelector("input[name='" + name + ".partners']");
        if (actors.indexOf("autres") >= 0 && partners && partners.value.trim()) answer.partners = partners.value.trim();
      }
      rows[row.getAttribute("data-service")] = answer;
    });
    return rows;
  }

  // The answers of this page: question id -> value, or null for "no answer".
  function readPage() {
    var out = {};
    form.querySelectorAll("[data-question]").forEach(function (box) {
      var id = box.getAttribute("data-question");
      var kind = box.getAttribute("data-kind");
      var value = null;
      if (!visible(box)) {
        value = null;
      } else if (kind === "service_matrix") {
        value = readMatrix(box);
      } else if (kind === "multiple_choice") {
        value = checkedValues(box, id);
      } else if (kind === "single_choice") {
        value = checkedValues(box, id)[0] || null;
      } else {
        var field = box.querySelector("input, textarea");
        var text = field ? field.value : "";
        if (kind === "number") {
          var n = Number(text.trim().replace(",", "."));
          value = text.trim() === "" ? null : isNaN(n) ? text : n;
        } else {
          value = text.trim() === "" ? null : text;
        }
      }
      if (Array.isArray(value) && !value.length) value = null;
      out[id] = value;
    });
    return out;
  }

  // The server's answers with a page's answers laid over them (PUT replaces every answer).
  function merge(server, page) {
    var out = {};
    Object.keys(server || {}).forEach(function (k) { out[k] = server[k]; });
    Object.keys(page || {}).forEach(function (k) {
      if (page[k] === null) delete out[k];
      else out[k] = page[k];
    });
    return out;
  }

  // ---- Autosave -----------------------------------------------------------------------
  function startAutosave() {
    var api = root.getAttribute("data-api");
    var key = root.getAttribute("data-key");
    var status = document.getElementById("save-status");
    var actions = document.getElementById("save-actions");
    var mergeButton = document.getElementById("merge-button");
    var versionField = document.getElementById("form-version");
    var dataBlock = document.getElementById("answers-data");
    var state = {
      version: Number(root.getAttribute("data-version")) || 0,
      server: {},
      timer: null,
      busy: false,
      again: false,
      edits: 0,
      submitWaiting: false,
      submitter: null
    };
    try {
      state.server = JSON.parse(dataBlock ? dataBlock.textContent : "{}") || {};
    } catch (e) {
      state.server = {};
    }

    function say(message) {
      if (status) status.textContent = message;
    }
    function message(name) {
      return root.getAttribute("data-msg-" + name) || "";
    }
    function readLocal() {
      try {
        var text = window.localStorage.getItem(key);
        return text ? JSON.parse(text) : null;
      } catch (e) {
        return null;
      }
    }
    function writeLocal(page) {
      try {
        window.localStorage.setItem(key, JSON.stringify({ version: state.version, answers: page, at: Date.now() }));
      } catch (e) { /* private browsing or full storage: the server save still runs */ }
    }
    function dropLocal() {
      try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
    }
    function setVersion(version) {
      state.version = version;
      root.setAttribute("data-version", String(version));
      if (versionField) versionField.value = String(version);
    }
    function hhmm() {
      var d = new Date();
      return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
    }

    // PUT the server's answers overlaid with `page`; resolves to the HTTP status (0 offline).
    function put(page) {
      var answers = merge(state.server, page);
      return fetch(api, {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "If-Match": "\"" + state.version + "\"" },
        body: JSON.stringify({ answers: answers })
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.status === 200) {
            setVersion(body.version);
            state.server = body.answers || {};
          }
          return { status: response.status, body: body };
        });
      }, function () {
        return { status: 0, body: {} };
      });
    }

    function explain(result) {
      actions.hidden = true;
      if (result.status === 200) {
        say(message("saved").replace("%TIME%", hhmm()));
      } else if (result.status === 412) {
        say(message("stale"));
        actions.hidden = false;
      } else if (result.status === 401 || result.status === 403 || result.status === 404) {
        say(message("expired"));
      } else if (result.status === 0) {
        say(message("offline"));
      } else {
        say(message("refused").replace("%ERROR%", (result.body && result.body.error) || String(result.status)));
      }
    }

    function save() {
      if (!form) return;
      if (state.busy) {
        state.again = true;
        return;
      }
      state.busy = true;
      var editsAtStart = state.edits;
      var page = readPage();
      writeLocal(page);
      say(message("saving"));
      put(page).then(function (result) {
        state.busy = false;
        // 409: the wave closed or the answer was submitted; nothing can be saved any more.
        if ((result.status === 200 && state.edits === editsAtStart) || result.status === 409) dropLocal();
        explain(result);
        if (state.submitWaiting) {
          // A button was pressed while this save ran: post the form now, from the new version.
          state.submitWaiting = false;
          if (form.requestSubmit) form.requestSubmit(state.submitter);
          else form.submit();
        } else if (state.again) {
          state.again = false;
          save();
        }
      });
    }

    function schedule() {
      state.edits += 1;
      window.clearTimeout(state.timer);
      state.timer = window.setTimeout(save, 1000);
    }

    // "Reload and merge": take the colleague's version, then save this page's entries over it.
    function reloadAndMerge() {
      fetch(api, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) return explain({ status: response.status, body: {} });
          return response.json().then(function (body) {
            setVersion(body.version);
            state.server = body.answers || {};
            save();
          });
        }, function () { explain({ status: 0, body: {} }); });
    }

    // The same JSON whatever the order of the keys.
    function canonical(value) {
      if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
      if (value && typeof value === "object") {
        return "{" + Object.keys(value).sort().map(function (k) {
          return JSON.stringify(k) + ":" + canonical(value[k]);
        }).join(",") + "}";
      }
      return JSON.stringify(value);
    }

    // A copy kept by an earlier page (expired session, lost connection): save it now, unless
    // the server already holds it (a form posted with the buttons, say).
    function restore() {
      var kept = readLocal();
      if (!kept || !kept.answers) return;
      if (canonical(merge(state.server, kept.answers)) === canonical(state.server)) {
        dropLocal();
        return;
      }
      put(kept.answers).then(function (result) {
        if (result.status === 412) {
          return fetch(api, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (body) {
              if (!body) return result;
              setVersion(body.version);
              state.server = body.answers || {};
              return put(kept.answers);
            });
        }
        return result;
      }).then(function (result) {
        if (result.status === 200) {
          dropLocal();
          try { window.sessionStorage.setItem(key + ":restored", "1"); } catch (e) { /* message only */ }
          window.location.reload();
        } else {
          if (result.status === 409) dropLocal();
          explain(result);
        }
      });
    }

    if (mergeButton) mergeButton.addEventListener("click", reloadAndMerge);
    if (form) {
      form.addEventListener("change", schedule);
      form.addEventListener("input", schedule);
      form.addEventListener("submit", function (event) {
        window.clearTimeout(state.timer);
        if (state.busy) {
          event.preventDefault();
          state.submitWaiting = true;
          state.submitter = event.submitter || null;
        }
      });
    }
    window.addEventListener("online", function () { if (readLocal()) save(); });
    try {
      if (window.sessionStorage.getItem(key + ":restored")) {
        window.sessionStorage.removeItem(key + ":restored");
        say(message("restored"));
      }
    } catch (e) { /* no message */ }
    restore();
  }

  if (form) {
    applyConditions();
    form.addEventListener("change", applyConditions);
  }
  var summary = document.getElementById("erreurs");
  if (summary) summary.focus();
  if (root && root.getAttribute("data-api")) startAutosave();
})();
