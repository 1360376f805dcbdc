// The chat page: signs in over REST, then talks to the /chat endpoint through the Duplex browser client.
// User data only ever reaches the page as textContent, never as HTML.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const TYPING_SHOWN_MS = 4000;
  const TYPING_SENT_EVERY_MS = 2000;
  const SEND_TIMEOUT_MS = 20000;

  let me = null;
  let client = null;
  let current = null;
  let localIds = 0;
  let lastTypingSent = 0;
  let noticeTimer = null;
  const conversations = new Map();   // key ('#room' or '@user') -> conversation
  const joined = new Set();          // rooms this page is in, joined again after every reconnect
  const typing = new Map();          // room -> Map(user -> timer)

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function conversation(key) {
    if (!conversations.has(key)) {
      conversations.set(key, {
        key: key, kind: key[0] === '#' ? 'room' : 'dm', name: key.slice(1),
        items: new Map(), members: [], unread: 0,
      });
    }
    return conversations.get(key);
  }

  // ---- sign-in -----------------------------------------------------------------------------------------------

  async function signIn(name, password) {
    const response = await fetch('/api/sign-in', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: name, password: password }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.message || 'Sign-in failed (' + response.status + ').');
    return body;
  }

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-error').hidden = true;
    try {
      const session = await signIn($('name').value.trim(), $('password').value);
      sessionStorage.setItem('duplex-chat', JSON.stringify(session));
      start(session);
    } catch (error) {
      $('sign-in-error').textContent = error.message;
      $('sign-in-error').hidden = false;
    }
  });

  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem('duplex-chat');
    location.reload();
  });

  // ---- connection --------------------------------------------------------------------------------------------

  function start(session) {
    me = session.user;
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('me').textContent = me + (session.guest ? ' (guest)' : '');
    $('me').hidden = false;
    $('sign-out').hidden = false;

    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    client = new Duplex.DuplexClient(scheme + '://' + location.hostname + ':' + session.socket.port + session.socket.path, {
      token: () => {
        if (Date.parse(session.expiresAt) <= Date.now()) throw new Error('token expired');
        return session.token;
      },
    });
    client.onStateChange(showState);
    client.onOpen(({ reconnected }) => rejoin(reconnected));
    client.on('chat.message', (message) => addMessage('#' + message.room, message, false));
    client.on('dm.message', (message) => addMessage('@' + (message.from === me ? message.to : message.from), message, false));
    client.on('presence.joined', (change) => presence(change, true));
    client.on('presence.left', (change) => presence(change, false));
    client.on('typing', showTyping);
    client.on('room.created', (created) => { conversation('#' + created.room); renderRooms(); });
    client.on('error', (error) => showNotice(error));
    client.connect().catch(() => {});
    if (joined.size === 0) joined.add('lobby');
    open('#lobby');
  }

  function showState(state, detail) {
    const status = $('status');
    status.dataset.state = state;
    if (state === 'open') {
      status.textContent = 'Online';
    } else if (state === 'connecting') {
      status.textContent = detail.attempt ? 'Reconnecting…' : 'Connecting…';
    } else if (state === 'reconnecting') {
      status.textContent = 'Reconnecting in ' + Math.ceil(detail.delayMs / 1000) + ' s';
      if (detail.reason === 'token expired') {
        client.close();
        showNotice({ code: 'expired', message: 'Your session expired. Sign in again.' });
      }
    } else {
      status.textContent = 'Offline';
    }
  }

  /** A new connection is a new server session: list rooms and join again every room this page was in. */
  function rejoin(reconnected) {
    client.request('rooms.list').then((list) => {
      list.rooms.forEach((room) => conversation('#' + room));
      renderRooms();
    }).catch(showNotice);
    for (const room of joined) {
      join(room, reconnected);
    }
  }

  async function join(room, reconnected) {
    try {
      applyJoined(await client.request('room.join', { room: room }));
    } catch (error) {
      if (reconnected && error.code === 'no_such_room') {
        // The server restarted and forgot rooms made by people: make it again.
        await client.request('room.create', { room: room }).catch(() => {});
        applyJoined(await client.request('room.join', { room: room }));
      } else {
        joined.delete(room);
        renderRooms();
        throw error;
      }
    }
  }

  function applyJoined(reply) {
    const c = conversation('#' + reply.room);
    c.members = reply.members;
    reply.history.forEach((message) => remember(c, message));
    joined.add(reply.room);
    renderRooms();
    if (current === c.key) render();
  }

  // ---- messages ----------------------------------------------------------------------------------------------

  function remember(c, message) {
    if (!c.items.has(message.id)) {
      c.items.set(message.id, { id: message.id, from: message.from, text: message.text, at: message.at, state: 'sent' });
    }
  }

  function addMessage(key, message, own) {
    const c = conversation(key);
    remember(c, message);
    if (c.kind === 'room') clearTyping(c.name, message.from);
    if (current === key) {
      render();
    } else if (!own) {
      c.unread++;
    }
    renderRooms();
  }

  function presence(change, arrived) {
    const c = conversation('#' + change.room);
    c.members = arrived ? Array.from(new Set(c.members.concat(change.user))).sort()
                        : c.members.filter((user) => user !== change.user);
    c.items.set('event-' + (localIds++), { event: change.user + (arrived ? ' joined' : ' left'), at: new Date().toISOString() });
    if (current === c.key) render();
  }

  async function sendText(text) {
    const c = conversations.get(current);
    const local = { id: 'local-' + (localIds++), from: me, text: text, at: new Date().toISOString(), state: 'pending' };
    c.items.set(local.id, local);
    render();
    try {
      const sent = c.kind === 'room'
        ? await client.request('chat.send', { room: c.name, text: text }, { timeout: SEND_TIMEOUT_MS })
        : await client.request('dm.send', { to: c.name, text: text }, { timeout: SEND_TIMEOUT_MS });
      c.items.delete(local.id);
      c.items.set(sent.id, Object.assign(local, { id: sent.id, at: sent.at, state: 'sent' }));
    } catch (error) {
      local.state = 'failed';
      showNotice(error);
    }
    if (current === c.key) render();
  }

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('text').value.trim();
    if (!text || !current) return;
    $('text').value = '';
    lastTypingSent = 0;   // the message ends the indicator the others see; the next keystroke starts it again
    updateCount();
    sendText(text);
  });

  $('text').addEventListener('input', () => {
    updateCount();
    const c = conversations.get(current);
    if (c && c.kind === 'room' && $('text').value && Date.now() - lastTypingSent > TYPING_SENT_EVERY_MS) {
      lastTypingSent = Date.now();
      client.send('typing', { room: c.name });
    }
  });

  function updateCount() {
    const length = $('text').value.length;
    $('count').textContent = length > 400 ? length + ' / 500' : '';
  }

  // ---- typing ------------------------------------------------------------------------------------------------

  function showTyping(event) {
    if (!typing.has(event.room)) typing.set(event.room, new Map());
    const users = typing.get(event.room);
    clearTimeout(users.get(event.user));
    users.set(event.user, setTimeout(() => clearTyping(event.room, event.user), TYPING_SHOWN_MS));
    renderTyping();
  }

  function clearTyping(room, user) {
    const users = typing.get(room);
    if (users && users.has(user)) {
      clearTimeout(users.get(user));
      users.delete(user);
      renderTyping();
    }
  }

  function renderTyping() {
    const c = conversations.get(current);
    const users = c && c.kind === 'room' && typing.has(c.name) ? Array.from(typing.get(c.name).keys()) : [];
    $('typing').textContent = users.length === 0 ? ''
      : users.length === 1 ? users[0] + ' is typing…'
      : users.slice(0, 3).join(', ') + ' are typing…';
  }

  // ---- notices -----------------------------------------------------------------------------------------------

  function showNotice(error) {
    const notice = $('notice');
    notice.dataset.code = error.code || 'error';
    if (error.code === 'rate_limited') {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs || 1000) / 1000));
      notice.textContent = 'Slow down: you are sending messages too fast. Try again in ' + seconds + ' s.';
    } else {
      notice.textContent = error.message || String(error);
    }
    notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.hidden = true; }, Math.max(4000, (error.retryAfterMs || 0) + 1000));
  }

  // ---- navigation and rendering ------------------------------------------------------------------------------

  function open(key) {
    current = key;
    const c = conversation(key);
    c.unread = 0;
    render();
    renderRooms();
    $('text').focus();
  }

  $('new-room').addEventListener('submit', async (event) => {
    event.preventDefault();
    const room = $('new-room-name').value.trim();
    try {
      await client.request('room.create', { room: room });
      $('new-room-name').value = '';
      await join(room, false);
      open('#' + room);
    } catch (error) {
      showNotice(error);
    }
  });

  $('leave').addEventListener('click', async () => {
    const c = conversations.get(current);
    if (!c || c.kind !== 'room') return;
    joined.delete(c.name);
    c.members = [];
    await client.request('room.leave', { room: c.name }).catch(showNotice);
    open('#lobby');
    if (!joined.has('lobby')) join('lobby', false).catch(showNotice);
  });

  function renderRooms() {
    const rooms = [];
    const dms = [];
    for (const c of Array.from(conversations.values()).sort((a, b) => a.name.localeCompare(b.name))) {
      const item = el('li', c.key === current ? 'active' : '');
      item.dataset.key = c.key;
      item.append(el('span', '', (c.kind === 'room' ? '# ' : '@ ') + c.name));
      if (c.unread) item.append(el('span', 'badge', String(c.unread)));
      item.addEventListener('click', () => {
        if (c.kind === 'room' && !joined.has(c.name)) join(c.name, false).catch(showNotice);
        open(c.key);
      });
      (c.kind === 'room' ? rooms : dms).push(item);
    }
    $('rooms').replaceChildren(...rooms);
    $('dms').replaceChildren(...(dms.length ? dms : [el('li', 'empty', 'Click someone in a room to write to them.')]));
  }

  function render() {
    const c = conversations.get(current);
    $('title').textContent = (c.kind === 'room' ? '# ' : '@ ') + c.name;
    $('leave').hidden = c.kind !== 'room';
    $('people-title').textContent = c.kind === 'room' ? 'In this room' : 'Direct message';
    const members = c.kind === 'room' ? c.members : [me, c.name];
    $('members').replaceChildren(...members.map((user) => {
      const item = el('li', '', user);
      if (user === me) {
        item.append(el('span', 'you', 'you'));
      } else {
        item.title = 'Write to ' + user;
        item.addEventListener('click', () => open('@' + user));
      }
      return item;
    }));
    const items = Array.from(c.items.values()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    $('messages').replaceChildren(...items.map(renderItem));
    $('messages').scrollTop = $('messages').scrollHeight;
    renderTyping();
  }

  function renderItem(item) {
    if (item.event) return el('li', 'event', item.event);
    const mine = item.from === me;
    const li = el('li', 'message' + (mine ? ' mine' : '') + (item.state !== 'sent' ? ' ' + item.state : ''));
    li.dataset.id = item.id;
    const meta = el('div', 'meta');
    meta.append(el('span', 'from', item.from), el('time', 'at', new Date(item.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    if (item.state === 'pending') meta.append(el('span', 'state', 'sending…'));
    if (item.state === 'failed') meta.append(el('span', 'state', 'not sent'));
    li.append(meta, el('div', 'text', item.text));
    return li;
  }

  const saved = sessionStorage.getItem('duplex-chat');
  if (saved) {
    const session = JSON.parse(saved);
    if (Date.parse(session.expiresAt) > Date.now()) start(session);
  }
}());
