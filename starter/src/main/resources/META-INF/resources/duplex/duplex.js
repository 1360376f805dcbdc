/*
 * Duplex browser client: JSON envelopes over one WebSocket, requests answered by replyTo, reconnection with
 * exponential backoff and full jitter, a bounded send queue while disconnected, and heartbeat detection.
 * No dependencies, no build step. Served by any Spring MVC application that has the starter at /duplex/duplex.js.
 * Documentation: docs/browser-client.md.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.Duplex = factory();
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const DEFAULTS = {
    protocols: undefined,
    token: undefined,
    requestTimeoutMs: 10000,
    queueLimit: 100,
    reconnect: { initialDelayMs: 500, maxDelayMs: 30000, stableAfterMs: 5000 },
    heartbeat: { idleMs: 25000, timeoutMs: 10000, type: 'ping' },
    WebSocket: undefined,
  };

  /** The code used to close a connection whose peer stopped answering; the server sees it, the user never. */
  const HEARTBEAT_CLOSE_CODE = 4000;

  /** An error envelope from the server, or a failure of the client (timeout, queue_full, connection_lost, closed). */
  class DuplexError extends Error {
    constructor(code, message, data) {
      super(message || code);
      this.name = 'DuplexError';
      this.code = code;
      this.data = data || {};
      this.retryAfterMs = this.data.retryAfterMs;
    }
  }

  /**
   * One logical connection to a Duplex endpoint that outlives the WebSockets under it.
   *
   * States: 'idle' (before connect), 'connecting', 'open', 'reconnecting' (waiting before the next attempt),
   * 'closed' (after close()).
   */
  class DuplexClient {

    /**
     * @param url ws:// or wss:// URL of the endpoint, or http(s)/relative (converted), or a function returning one
     * @param options see DEFAULTS and docs/browser-client.md
     */
    constructor(url, options) {
      const opts = options || {};
      this.url = url;
      this.options = Object.assign({}, DEFAULTS, opts);
      this.options.reconnect = opts.reconnect === false ? false : Object.assign({}, DEFAULTS.reconnect, opts.reconnect);
      this.options.heartbeat = opts.heartbeat === false ? false : Object.assign({}, DEFAULTS.heartbeat, opts.heartbeat);
      this.state = 'idle';
      this._socket = null;
      this._handlers = new Map();
      this._stateListeners = [];
      this._openListeners = [];
      this._queue = [];
      this._pending = new Map();
      this._nextId = 1;
      this._attempt = 0;
      this._connections = 0;
      this._reconnectTimer = null;
      this._heartbeatTimer = null;
      this._lastReceivedAt = 0;
      this._probeSentAt = null;
      this._openedAt = 0;
      this._inOpenListeners = false;
    }

    /** Opens the connection; resolves when the first WebSocket is open. Later drops reconnect on their own. */
    connect() {
      if (this.state !== 'idle' && this.state !== 'closed') {
        return this._firstOpen ? this._firstOpen.promise : Promise.resolve();
      }
      this._firstOpen = deferred();
      this._open();
      return this._firstOpen.promise;
    }

    /** Closes for good: no reconnect; queued messages are dropped and waiting requests fail with 'closed'. */
    close(code, reason) {
      this._setState('closed', {});
      clearTimeout(this._reconnectTimer);
      this._stopHeartbeat();
      const socket = this._socket;
      this._socket = null;
      if (socket) {
        detach(socket);
        socket.close(code || 1000, reason || '');
      }
      this._failAll(new DuplexError('closed', 'the client was closed'), true);
      if (this._firstOpen) {
        this._firstOpen.reject(new DuplexError('closed', 'the client was closed'));
      }
    }

    /**
     * Sends {type, data} without waiting for an answer. While disconnected the envelope is queued (up to
     * queueLimit); returns false when the queue is full or the client is closed, true otherwise.
     */
    send(type, data) {
      return this._enqueue({ type: type, data: data === undefined ? {} : data });
    }

    /**
     * Sends {type, id, data} and resolves with the data of the reply whose replyTo is that id, or rejects with a
     * DuplexError: the server's error envelope (code, message, retryAfterMs), or 'timeout', 'queue_full',
     * 'connection_lost' (the socket dropped after the request left), 'closed'.
     */
    request(type, data, options) {
      const timeoutMs = (options && options.timeout) || this.options.requestTimeoutMs;
      const id = String(this._nextId++);
      const envelope = { type: type, id: id, data: data === undefined ? {} : data };
      return new Promise((resolve, reject) => {
        const entry = { resolve: resolve, reject: reject, envelope: envelope, sent: false, timer: null };
        entry.timer = setTimeout(() => {
          this._pending.delete(id);
          this._unqueue(envelope);
          reject(new DuplexError('timeout', type + ' got no reply within ' + timeoutMs + ' ms'));
        }, timeoutMs);
        this._pending.set(id, entry);
        if (!this._enqueue(envelope)) {
          clearTimeout(entry.timer);
          this._pending.delete(id);
          reject(this.state === 'closed'
            ? new DuplexError('closed', 'the client was closed')
            : new DuplexError('queue_full', 'the send queue is full (' + this.options.queueLimit + ')'));
        }
      });
    }

    /**
     * Calls fn(data, envelope) for every envelope of this type that is not the reply to a request; '*' receives
     * every envelope. Returns a function that removes the handler.
     */
    on(type, fn) {
      if (!this._handlers.has(type)) {
        this._handlers.set(type, new Set());
      }
      this._handlers.get(type).add(fn);
      return () => this._handlers.get(type).delete(fn);
    }

    /** Calls fn(state, detail) on every state change; detail holds attempt, delayMs, code, reason as they apply. */
    onStateChange(fn) {
      this._stateListeners.push(fn);
      return () => remove(this._stateListeners, fn);
    }

    /**
     * Calls fn({reconnected}) each time a WebSocket opens, before queued envelopes are flushed: the place to
     * re-join rooms and restore subscriptions, since a new connection is a new server session.
     */
    onOpen(fn) {
      this._openListeners.push(fn);
      return () => remove(this._openListeners, fn);
    }

    /** Envelopes waiting for a connection. */
    get queued() {
      return this._queue.length;
    }

    _open() {
      this._setState('connecting', { attempt: this._attempt });
      Promise.resolve(typeof this.options.token === 'function' ? this.options.token() : this.options.token)
        .then((token) => {
          if (this.state !== 'connecting') {
            return;
          }
          const Socket = this.options.WebSocket || WebSocket;
          const socket = new Socket(this._endpoint(token), this.options.protocols);
          this._socket = socket;
          socket.onopen = () => this._onSocketOpen(socket);
          socket.onmessage = (event) => this._onSocketMessage(event);
          socket.onclose = (event) => this._onSocketClose(socket, event.code, event.reason);
          socket.onerror = () => {};
        })
        .catch((error) => {
          if (this.state === 'connecting') {
            this._scheduleReconnect(0, String(error && error.message || error));
          }
        });
    }

    _endpoint(token) {
      const raw = typeof this.url === 'function' ? this.url() : this.url;
      const base = typeof location !== 'undefined' ? location.href : undefined;
      const url = new URL(raw, base);
      if (url.protocol === 'http:') {
        url.protocol = 'ws:';
      } else if (url.protocol === 'https:') {
        url.protocol = 'wss:';
      }
      if (token) {
        url.searchParams.set('access_token', token);
      }
      return url.toString();
    }

    _onSocketOpen(socket) {
      if (socket !== this._socket) {
        return;
      }
      const reconnected = this._connections > 0;
      this._connections++;
      this._openedAt = Date.now();
      this._lastReceivedAt = this._openedAt;
      this._probeSentAt = null;
      this._setState('open', { reconnected: reconnected });
      this._inOpenListeners = true;
      for (const listener of this._openListeners.slice()) {
        try {
          const result = listener({ reconnected: reconnected });
          if (result && typeof result.catch === 'function') {
            result.catch((error) => reportListenerError(error));
          }
        } catch (error) {
          reportListenerError(error);
        }
      }
      this._inOpenListeners = false;
      this._flush();
      this._startHeartbeat();
      if (this._firstOpen) {
        this._firstOpen.resolve();
      }
    }

    _onSocketMessage(event) {
      this._lastReceivedAt = Date.now();
      if (typeof event.data !== 'string') {
        return;
      }
      let envelope;
      try {
        envelope = JSON.parse(event.data);
      } catch (ignored) {
        this._dispatch('*', { type: undefined, data: event.data });
        return;
      }
      if (!envelope || typeof envelope !== 'object') {
        return;
      }
      const entry = envelope.replyTo !== undefined ? this._pending.get(String(envelope.replyTo)) : undefined;
      if (entry) {
        this._pending.delete(String(envelope.replyTo));
        clearTimeout(entry.timer);
        if (envelope.type === 'error') {
          const data = envelope.data || {};
          entry.reject(new DuplexError(data.code || 'error', data.message, data));
        } else {
          entry.resolve(envelope.data);
        }
        return;
      }
      this._dispatch(envelope.type, envelope);
    }

    _dispatch(type, envelope) {
      for (const key of [type, '*']) {
        const handlers = this._handlers.get(key);
        if (!handlers) {
          continue;
        }
        for (const fn of Array.from(handlers)) {
          try {
            fn(envelope.data, envelope);
          } catch (error) {
            reportListenerError(error);
          }
        }
      }
    }

    _onSocketClose(socket, code, reason) {
      if (socket !== this._socket) {
        return;
      }
      this._socket = null;
      this._stopHeartbeat();
      this._failAll(new DuplexError('connection_lost', 'the connection closed before the reply (' + code + ')'), false);
      if (this.state === 'closed') {
        return;
      }
      if (this._openedAt && Date.now() - this._openedAt >= this._stableAfterMs()) {
        this._attempt = 0;
      }
      this._openedAt = 0;
      this._scheduleReconnect(code, reason);
    }

    _scheduleReconnect(code, reason) {
      const policy = this.options.reconnect;
      if (!policy) {
        this._setState('closed', { code: code, reason: reason });
        this._failAll(new DuplexError('closed', 'the connection closed (' + code + ')'), true);
        return;
      }
      const delayMs = serverDelay(reason) ?? backoff(this._attempt, policy.initialDelayMs, policy.maxDelayMs);
      this._attempt++;
      this._setState('reconnecting', { attempt: this._attempt, delayMs: delayMs, code: code, reason: reason });
      if (this.state === 'reconnecting') {   // a state listener may have called close()
        this._reconnectTimer = setTimeout(() => this._open(), delayMs);
      }
    }

    _stableAfterMs() {
      return this.options.reconnect ? this.options.reconnect.stableAfterMs : 0;
    }

    _enqueue(envelope) {
      if (this.state === 'closed') {
        return false;
      }
      if (this.state === 'open' && this._socket && (this._queue.length === 0 || this._inOpenListeners)) {
        this._transmit(envelope);
        return true;
      }
      if (this._queue.length >= this.options.queueLimit) {
        return false;
      }
      this._queue.push(envelope);
      return true;
    }

    _unqueue(envelope) {
      const index = this._queue.indexOf(envelope);
      if (index >= 0) {
        this._queue.splice(index, 1);
      }
    }

    _flush() {
      while (this._queue.length > 0 && this._socket && this.state === 'open') {
        this._transmit(this._queue.shift());
      }
    }

    _transmit(envelope) {
      this._socket.send(JSON.stringify(envelope));
      if (envelope.id !== undefined) {
        const entry = this._pending.get(envelope.id);
        if (entry) {
          entry.sent = true;
        }
      }
    }

    /** Rejects requests already on the wire (their replies died with the socket); with all, queued ones too. */
    _failAll(error, all) {
      for (const [id, entry] of Array.from(this._pending)) {
        if (all || entry.sent) {
          this._pending.delete(id);
          clearTimeout(entry.timer);
          entry.reject(error);
        }
      }
      if (all) {
        this._queue.length = 0;
      }
    }

    _startHeartbeat() {
      const heartbeat = this.options.heartbeat;
      if (!heartbeat) {
        return;
      }
      const tick = Math.max(50, Math.min(1000, Math.floor(Math.min(heartbeat.idleMs, heartbeat.timeoutMs) / 2)));
      this._heartbeatTimer = setInterval(() => this._checkHeartbeat(heartbeat), tick);
    }

    _stopHeartbeat() {
      clearInterval(this._heartbeatTimer);
      this._heartbeatTimer = null;
      this._probeSentAt = null;
    }

    /**
     * Browsers answer the server's pings without telling the page, so a dead connection is found by silence:
     * after idleMs without receiving anything, a probe request goes out (any answer, even an error envelope for
     * an unknown type, proves the peer alive); nothing within timeoutMs drops the socket and reconnects.
     */
    _checkHeartbeat(heartbeat) {
      const now = Date.now();
      if (this._probeSentAt === null) {
        if (now - this._lastReceivedAt >= heartbeat.idleMs) {
          this._probeSentAt = now;
          this.request(heartbeat.type, {}, { timeout: heartbeat.timeoutMs }).catch(() => {});
        }
      } else if (this._lastReceivedAt >= this._probeSentAt) {
        this._probeSentAt = null;
      } else if (now - this._probeSentAt >= heartbeat.timeoutMs) {
        const socket = this._socket;
        if (socket) {
          detach(socket);
          socket.close(HEARTBEAT_CLOSE_CODE, 'heartbeat timeout');
          this._onSocketClose(socket, 1006, 'heartbeat timeout');
        }
      }
    }

    _setState(state, detail) {
      if (this.state === 'closed' && state !== 'connecting' && state !== 'closed') {
        return;
      }
      this.state = state;
      for (const listener of this._stateListeners.slice()) {
        try {
          listener(state, detail);
        } catch (error) {
          reportListenerError(error);
        }
      }
    }
  }

  /** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in [0, min(max, base * 2^n)]. */
  function backoff(attempt, initialDelayMs, maxDelayMs) {
    const ceiling = Math.min(maxDelayMs, initialDelayMs * Math.pow(2, Math.min(attempt, 30)));
    return Math.floor(Math.random() * ceiling);
  }

  /** The delay a server asked for in its close reason ({"retryAfterMs":N}, sent at shutdown), else null. */
  function serverDelay(reason) {
    if (!reason || reason.charAt(0) !== '{') {
      return null;
    }
    try {
      const delay = JSON.parse(reason).retryAfterMs;
      return Number.isFinite(delay) && delay >= 0 ? delay : null;
    } catch (ignored) {
      return null;
    }
  }

  function detach(socket) {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
  }

  function remove(list, item) {
    const index = list.indexOf(item);
    if (index >= 0) {
      list.splice(index, 1);
    }
  }

  function deferred() {
    const result = {};
    result.promise = new Promise((resolve, reject) => {
      result.resolve = resolve;
      result.reject = reject;
    });
    result.promise.catch(() => {});
    return result;
  }

  function reportListenerError(error) {
    if (typeof console !== 'undefined') {
      console.error('duplex: a listener failed', error);
    }
  }

  return {
    DuplexClient: DuplexClient,
    DuplexError: DuplexError,
    connect: (url, options) => {
      const client = new DuplexClient(url, options);
      client.connect();
      return client;
    },
    backoff: backoff,
  };
}));
