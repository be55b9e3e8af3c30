"use strict";
(function () {
  var config = JSON.parse(document.getElementById("config").textContent);
  var T = config.texts;
  var base = config.base;
  var MAX_ATTEMPTS = 5;            // a failed upload is tried this often (1, 2, 4, 8 s apart) before it waits for a tap
  var POLL_IDLE_MS = 2000;          // the item summary is read this often ...
  var POLL_BUSY_MS = 600;           // ... and more often while the laptop stores a photo

  var generation = null;            // the laptop's item the page shows (changes when the laptop moves on)
  var stopped = false;              // the pairing ended (new code, expired, another phone): nothing more is sent
  var stopText = "";
  var queue = [];                   // photos waiting for their turn to upload (one at a time)
  var sending = false;
  var saving = new Map();           // upload id -> photo, sent and being stored by the laptop
  var pollTimer = null;
  var markReady;
  var ready = new Promise(function (resolve) { markReady = resolve; });  // the first item summary arrived

  function $(id) { return document.getElementById(id); }
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, key) { return key in values ? String(values[key]) : match; });
  }
  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  // -- SHA-256 -------------------------------------------------------------------------------------
  // The page checks that the laptop stored exactly the bytes it sent. crypto.subtle exists only in a
  // secure context (HTTPS or localhost); over the local network's plain HTTP this implementation runs.
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function hex(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  function sha256(bytes) {
    var h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    var length = bytes.length;
    var padded = new Uint8Array(((length + 72) >>> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    var w = new Uint32Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
      for (i = 16; i < 64; i++) {
        var x = w[i - 15], y = w[i - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    var out = new Uint8Array(32);
    var outView = new DataView(out.buffer);
    for (i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]);
    return hex(out);
  }
  window.inventarSha256 = function (text) { return sha256(new TextEncoder().encode(text)); };  // for the tests

  function digest(file) {
    return file.arrayBuffer().then(function (buffer) {
      if (window.isSecureContext && window.crypto && crypto.subtle) {
        return crypto.subtle.digest("SHA-256", buffer).then(function (d) { return hex(new Uint8Array(d)); });
      }
      return sha256(new Uint8Array(buffer));
    });
  }

  // -- the laptop's item -----------------------------------------------------------------------------
  function showItem(item) {
    $("category").textContent = item.category || T.no_category;
    $("room").textContent = item.room || T.no_room;
    $("code").textContent = item.label_code || T.no_label;
    $("count").textContent = fmt(item.photos === 1 ? T.count_one : T.count, {n: item.photos});
    if (generation !== null && item.generation !== generation) {
      document.querySelectorAll(".photo.done").forEach(function (card) { card.remove(); });
      notice(T.new_item, false);
    }
    generation = item.generation;
    markReady();
  }

  function notice(text, bad) {
    var box = $("notice");
    box.textContent = text;
    box.className = bad ? "notice bad" : "notice";
    box.hidden = !text;
    if (!bad && text) {
      clearTimeout(notice.timer);
      notice.timer = setTimeout(function () { if (!stopped) box.hidden = true; }, 5000);
    }
  }

  function connection(online) {
    var line = $("connection");
    line.textContent = online ? T.connected : T.offline;
    line.className = online ? "connection online" : "connection offline";
  }

  function stop(text) {
    stopped = true;
    stopText = text;
    clearTimeout(pollTimer);
    notice(text, true);
    $("connection").textContent = "";
    ["take-label", "pick-label"].forEach(function (id) { $(id).classList.add("disabled"); });
    ["take", "pick"].forEach(function (id) { $(id).disabled = true; });
    queue.splice(0).forEach(function (photo) { failed(photo, text, null); });
    saving.forEach(function (photo) { failed(photo, text, null); });
    saving.clear();
  }

  function fatal(status, body) {
    if (status === 403) stop((body && body.error) || T.other_device);
    else stop(T.expired);  // 404: the code expired or the laptop made a new one
  }

  function readJson(xhr) {
    try { return JSON.parse(xhr.responseText || "{}"); } catch (error) { return {}; }
  }

  function poll() {
    clearTimeout(pollTimer);
    if (stopped) return;
    var xhr = new XMLHttpRequest();
    xhr.open("GET", base + "/state");
    xhr.timeout = 8000;
    xhr.onload = function () {
      var body = readJson(xhr);
      if (xhr.status === 200) {
        connection(true);
        showItem(body.item);
        settle(body.uploads || {});
      } else if (xhr.status === 403 || xhr.status === 404) {
        fatal(xhr.status, body);
        return;
      } else {
        connection(false);
      }
      later();
    };
    xhr.onerror = xhr.ontimeout = function () { connection(false); later(); };
    xhr.send();
  }
  function later() {
    if (!stopped) pollTimer = setTimeout(poll, saving.size ? POLL_BUSY_MS : POLL_IDLE_MS);
  }

  // -- photos ----------------------------------------------------------------------------------------
  function card(file) {
    var photo = {file: file, hash: null, attempts: 0, id: null};
    var root = document.createElement("div");
    root.className = "photo";
    var thumb = document.createElement("div");
    thumb.className = "thumb";
    var img = document.createElement("img");
    img.alt = "";
    img.onerror = function () {  // a photo this browser cannot draw (HEIC in Chrome): the laptop's thumbnail
      img.remove();                // once it has stored the photo (see settle)
      photo.placeholder = document.createTextNode(T.photo);
      thumb.insertBefore(photo.placeholder, tick);
    };
    img.src = URL.createObjectURL(file);
    var tick = document.createElement("span");
    tick.className = "tick";
    tick.textContent = "\u2713";
    tick.setAttribute("aria-label", T.done);
    thumb.append(img, tick);
    var info = document.createElement("div");
    info.className = "info";
    var name = document.createElement("div");
    name.className = "name";
    name.textContent = file.name || T.photo;
    var progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    var status = document.createElement("div");
    status.className = "status";
    var again = document.createElement("button");
    again.type = "button";
    again.className = "small";
    again.hidden = true;
    again.onclick = function () {
      again.hidden = true;
      photo.attempts = 0;
      enqueue(photo);
    };
    info.append(name, progress, status, again);
    root.append(thumb, info);
    photo.root = root;
    photo.thumb = thumb;
    photo.progress = progress;
    photo.status = status;
    photo.again = again;
    var hint = $("hint");
    if (hint) hint.remove();
    $("photos").prepend(root);
    return photo;
  }

  function state(photo, name, text) {
    photo.root.dataset.state = name;
    photo.root.className = "photo" + (name === "done" ? " done" : name === "failed" ? " failed" : "");
    photo.status.textContent = text;
  }

  function failed(photo, text, action) {
    state(photo, "failed", text || T.failed);
    photo.again.hidden = !action;
    photo.again.textContent = action === "resend" ? T.resend : T.retry;
  }

  function enqueue(photo) {
    state(photo, "queued", T.queued);
    queue.push(photo);
    pump();
  }

  function pump() {
    if (sending) return;
    sending = true;
    (function next() {
      var photo = queue.shift();
      if (!photo || stopped) { sending = false; return; }
      send(photo).then(next, function () { failed(photo, T.failed, "retry"); next(); });
    })();
  }

  function upload(photo) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", base + "/photo");
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("X-Sha256", photo.hash);
      xhr.setRequestHeader("X-File-Name", encodeURIComponent(photo.file.name || ""));
      xhr.setRequestHeader("X-Item", String(generation));
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) {
          var percent = Math.floor(event.loaded * 100 / event.total);
          photo.progress.value = percent;
          photo.status.textContent = fmt(T.sending, {p: percent});
        }
      };
      xhr.onload = function () {
        resolve({status: xhr.status, body: readJson(xhr), retryAfter: Number(xhr.getResponseHeader("Retry-After")) || 0});
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { resolve({status: 0, body: {}}); };
      xhr.timeout = 120000;
      xhr.send(photo.file);
    });
  }

  function send(photo) {
    if (photo.file.size > config.max_bytes) {  // the laptop would refuse it before reading it
      failed(photo, T.too_big, null);
      return Promise.resolve();
    }
    state(photo, "preparing", T.preparing);
    photo.progress.removeAttribute("value");  // an indeterminate bar while the hash is computed
    return ready.then(function () {
      return photo.hash || digest(photo.file);
    }).then(function (hash) {
      photo.hash = hash;
      return attempt();
    });

    function attempt() {
      if (stopped) {
        failed(photo, stopText, null);
        return Promise.resolve();
      }
      photo.attempts += 1;
      photo.progress.value = 0;
      state(photo, "sending", fmt(T.sending, {p: 0}));
      return upload(photo).then(function (result) {
        var status = result.status, body = result.body;
        if (status === 202) {
          photo.id = body.id;
          saving.set(body.id, photo);
          photo.progress.value = 100;
          state(photo, "saving", T.saving);
          setTimeout(poll, 150);
          return;
        }
        if (status === 409) {
          if (body.item) showItem(body.item);
          failed(photo, body.error || T.moved, "resend");
          return;
        }
        if (status === 403 || status === 404) {
          fatal(status, body);
          failed(photo, stopText, null);
          return;
        }
        if ((status === 400 && !body.retry) || status === 413 || status === 415) {
          failed(photo, body.error || T.failed, null);  // the same bytes would be refused again
          return;
        }
        if (photo.attempts >= MAX_ATTEMPTS) {
          failed(photo, body.error || T.failed, "retry");
          return;
        }
        var wait = status === 429 ? Math.max(1, result.retryAfter) * 1000 : 1000 * Math.pow(2, photo.attempts - 1);
        state(photo, "waiting", fmt(status === 0 ? T.retrying_offline : T.retrying, {s: Math.round(wait / 1000)}));
        return sleep(wait).then(attempt);
      });
    }
  }

  function laptopThumbnail(photo, id) {
    var img = document.createElement("img");
    img.alt = "";
    img.onload = function () { if (photo.placeholder) { photo.placeholder.remove(); photo.placeholder = null; } };
    img.onerror = function () { img.remove(); };  // the placeholder stays
    img.src = base + "/thumb/" + encodeURIComponent(id);
    photo.thumb.prepend(img);
  }

  function settle(uploads) {
    saving.forEach(function (photo, id) {
      var upload = uploads[id];
      if (!upload || upload.state === "pending") return;
      saving.delete(id);
      if (upload.state === "stored" && upload.hash === photo.hash) {
        state(photo, "done", T.done);
        if (photo.placeholder) laptopThumbnail(photo, id);
      } else if (upload.state === "stored") {
        failed(photo, T.mismatch, "retry");
      } else {
        failed(photo, upload.error || T.failed, upload.resend ? "resend" : "retry");
      }
    });
  }

  function chosen(event) {
    var files = Array.prototype.slice.call(event.target.files || []);
    files.forEach(function (file) { enqueue(card(file)); });
    event.target.value = "";
  }

  $("take").addEventListener("change", chosen);
  $("pick").addEventListener("change", chosen);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  connection(true);
  poll();
})();
