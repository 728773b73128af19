// Pupil and school pickers (workflows/pickers.py): turns the plain search field + result list into an ARIA
// combobox that searches as you type. Without JavaScript the "Zoeken" button reloads the form with the
// matches as radio buttons; the server validates the chosen id either way.
(function () {
  "use strict";
  if (window.pickerLoaded) { return; }
  window.pickerLoaded = true;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function optionContent(node, opt) {
    node.textContent = opt.label + " ";
    var detail = el("span", { "class": "muted small" }, opt.detail || "");
    node.appendChild(detail);
  }

  function setup(root) {
    var id = root.getAttribute("data-id");
    var name = root.getAttribute("data-name");
    var url = root.getAttribute("data-search-url");
    var input = root.querySelector(".picker-input");
    var results = root.querySelector(".picker-results");
    var go = root.querySelector(".picker-go");
    var checked = results.querySelector("input[type=radio]:checked");
    var required = !!results.querySelector("input[required]");

    var hidden = el("input", { type: "hidden", name: name, value: checked ? checked.value : "" });
    var chosen = el("span", { "class": "picker-chosen", id: id + "_chosen", "aria-live": "polite" });
    var listbox = el("ul", { "class": "picker-listbox", role: "listbox", id: id + "_listbox" });
    var status = el("span", { "class": "muted small picker-status", role: "status" });
    listbox.hidden = true;
    if (required) { input.setAttribute("aria-required", "true"); }

    function showChosen(opt) {
      chosen.textContent = "";
      if (opt) {
        chosen.appendChild(document.createTextNode(root.getAttribute("data-chosen-text") || "Gekozen: "));
        var strong = el("strong", {}, opt.label);
        chosen.appendChild(strong);
        chosen.appendChild(document.createTextNode(" " + (opt.detail || "")));
      }
    }
    if (checked) {
      showChosen({ label: checked.getAttribute("data-label"), detail: checked.getAttribute("data-detail") });
    }
    results.replaceWith(listbox);
    if (go) { go.hidden = true; }
    var message = root.querySelector(".picker-message");
    if (message) { message.remove(); }
    input.after(listbox);
    root.appendChild(hidden);
    root.appendChild(status);
    listbox.after(chosen);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "") + " " + chosen.id);

    var options = [];
    var active = -1;
    var timer = null;
    var seq = 0;

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var items = listbox.querySelectorAll("[role=option]");
      items.forEach(function (item, j) { item.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && items[i]) {
        input.setAttribute("aria-activedescendant", items[i].id);
        items[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var opt = options[i];
      if (!opt) { return; }
      select(opt);
    }

    function select(opt) {
      hidden.value = String(opt.id);
      input.value = opt.label;
      showChosen(opt);
      close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
    root.pickerSelect = select;

    function render(data) {
      options = data.results || [];
      listbox.textContent = "";
      options.forEach(function (opt, i) {
        var li = el("li", { role: "option", id: id + "_opt_" + i, "aria-selected": "false", "data-id": opt.id });
        optionContent(li, opt);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { choose(i); });
        listbox.appendChild(li);
      });
      status.textContent = data.message || (options.length === 1 ? "1 resultaat" : options.length + " resultaten");
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); status.textContent = ""; return; }
      var mine = ++seq;
      fetch(url + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : { results: [], message: "" }; })
        .then(function (data) { if (mine === seq) { render(data); } })
        .catch(function () { status.textContent = ""; });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      showChosen(null);
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (e) {
      var open = !listbox.hidden;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open) { search(); return; }
        highlight(Math.min(active + 1, options.length - 1));
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (open) { highlight(Math.max(active - 1, 0)); }
      } else if (e.key === "Enter") {
        if (open) {
          e.preventDefault();
          choose(active >= 0 ? active : 0);
        } else if (!hidden.value) {
          e.preventDefault();  // Enter in the search field searches, it does not submit a half form
          search();
        }
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); }
      } else if (e.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });

    var newLink = root.querySelector(".picker-new");
    if (newLink) { newLink.addEventListener("click", function (e) { e.preventDefault(); openDialog(newLink.href, select); }); }

    // typed into before this script ran (the page was still loading): search what is there
    if (document.activeElement === input && !hidden.value && input.value.trim().length >= 2) { search(); }
  }

  // "Nieuwe leerling" in a dialog on the case form; the page itself is the fallback without JavaScript.
  function openDialog(href, onCreated) {
    var dialog = el("dialog", { "class": "picker-dialog", "aria-labelledby": "picker-dialog-title" });
    var title = el("h2", { id: "picker-dialog-title" }, document.documentElement.lang === "en" ? "New pupil" : "Nieuwe leerling");
    var body = el("div", {});
    dialog.appendChild(title);
    dialog.appendChild(body);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () { dialog.remove(); });

    function bind(html) {
      body.innerHTML = html;
      var form = body.querySelector("form");
      var cancel = body.querySelector("[data-dialog-close]");
      if (cancel) { cancel.addEventListener("click", function (e) { e.preventDefault(); dialog.close(); }); }
      if (!form) { return; }
      var first = form.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var action = form.getAttribute("action");
        fetch(action + (action.indexOf("?") < 0 ? "?" : "&") + "partial=1", {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { Accept: "application/json" }
        }).then(function (r) {
          if (r.status === 201) {
            return r.json().then(function (opt) { dialog.close(); onCreated(opt); });
          }
          return r.text().then(bind);
        }).catch(function () { window.location.href = href; });
      });
    }

    fetch(href + (href.indexOf("?") < 0 ? "?" : "&") + "partial=1", { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
      .then(function (html) { bind(html); dialog.showModal(); })
      .catch(function () { dialog.remove(); window.location.href = href; });
  }

  function init() { document.querySelectorAll("[data-picker]").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
