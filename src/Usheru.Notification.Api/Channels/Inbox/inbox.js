// <usheru-inbox token="rt_…"></usheru-inbox>: a recipient's in-app inbox on any page of an origin
// in Cors:AllowedOrigins. It lists the latest items, adds new ones as they arrive (Server-Sent
// Events), and marks items read. The token is a recipient token (POST /v1/recipients/{id}/tokens,
// made by the page's own backend); the service is the one this script was loaded from, or the
// element's base="…" attribute. Everything shown is set as text: nothing a template wrote is markup.
(() => {
  const scriptOrigin = document.currentScript ? new URL(document.currentScript.src).origin : location.origin;

  const recipientOf = (token) => {
    try {
      const body = token.slice(3).split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(body.padEnd(Math.ceil(body.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
      return new TextDecoder().decode(bytes).split('\n')[0];
    } catch {
      return null;
    }
  };

  const safeLink = (url) => {
    try {
      const parsed = new URL(url, location.href);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch {
      return null;
    }
  };

  const styles = `
    :host { display: block; font: inherit; color: inherit; }
    h2 { font-size: 1.1em; margin: 0 0 .5em; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { border-bottom: 1px solid #d0d7de; padding: .5em 0; }
    li.unread .title { font-weight: 700; }
    .body { margin: .25em 0; }
    .meta { display: flex; gap: .75em; align-items: center; font-size: .85em; color: #4a5360; flex-wrap: wrap; }
    button { font: inherit; font-size: .85em; padding: .2em .6em; border: 1px solid #0b57d0; color: #0b57d0; background: #fff; border-radius: 4px; cursor: pointer; }
    button:focus-visible, a:focus-visible { outline: 3px solid #f4b400; outline-offset: 2px; }
    a { color: #0b57d0; }
    .empty, .problem { color: #4a5360; }`;

  class UsheruInbox extends HTMLElement {
    static get observedAttributes() { return ['token', 'base']; }

    connectedCallback() { this.start(); }

    disconnectedCallback() { this.stop(); }

    attributeChangedCallback() {
      if (this.isConnected) {
        this.stop();
        this.start();
      }
    }

    stop() {
      this.events?.close();
      this.events = null;
    }

    start() {
      const token = this.getAttribute('token') || '';
      const recipientId = token.startsWith('rt_') ? recipientOf(token) : null;
      const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = styles;
      this.heading = document.createElement('h2');
      this.list = document.createElement('ul');
      this.list.setAttribute('aria-label', 'Notifications');
      this.items = new Map();
      root.replaceChildren(style, this.heading, this.list);
      if (!recipientId) {
        this.problem('This inbox needs a recipient token.');
        return;
      }
      this.token = token;
      this.base = `${(this.getAttribute('base') || scriptOrigin).replace(/\/$/, '')}/v1/recipients/${encodeURIComponent(recipientId)}/inbox`;
      this.count();
      this.load();
    }

    async load() {
      try {
        const response = await fetch(`${this.base}?limit=20`, { headers: { Authorization: `Bearer ${this.token}` } });
        if (!response.ok) throw new Error(String(response.status));
        const page = await response.json();
        for (const item of page.items.slice().reverse()) this.add(item);
        this.listen();
        this.dataset.state = 'ready';
        this.dispatchEvent(new CustomEvent('usheru-inbox-ready'));
      } catch (error) {
        this.problem(`The inbox could not be loaded (${error.message}).`);
      }
    }

    listen() {
      this.events = new EventSource(`${this.base}/stream?token=${encodeURIComponent(this.token)}`);
      this.events.addEventListener('inbox.item', (event) => this.add(JSON.parse(event.data)));
    }

    add(item) {
      if (this.items.has(item.id)) return;
      const li = document.createElement('li');
      li.dataset.id = item.id;
      const title = document.createElement('div');
      title.className = 'title';
      title.textContent = item.title;
      li.append(title);
      if (item.body) {
        const body = document.createElement('p');
        body.className = 'body';
        body.textContent = item.body;
        li.append(body);
      }
      const meta = document.createElement('div');
      meta.className = 'meta';
      const when = document.createElement('time');
      when.dateTime = item.createdAt;
      when.textContent = new Date(item.createdAt).toLocaleString();
      meta.append(when);
      const link = item.url ? safeLink(item.url) : null;
      if (link) {
        const a = document.createElement('a');
        a.href = link;
        a.textContent = 'Open';
        a.rel = 'noopener noreferrer';
        meta.append(a);
      }
      li.append(meta);
      this.items.set(item.id, { item, li });
      if (item.readAt) {
        li.className = 'read';
      } else {
        li.className = 'unread';
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Mark as read';
        button.setAttribute('aria-label', `Mark as read: ${item.title}`);
        button.addEventListener('click', () => this.read(item.id, button));
        meta.append(button);
      }
      this.list.querySelector('.empty')?.remove();
      this.list.prepend(li);
      this.count();
    }

    async read(id, button) {
      button.disabled = true;
      const response = await fetch(`${this.base}/${encodeURIComponent(id)}/read`, { method: 'POST', headers: { Authorization: `Bearer ${this.token}` } });
      if (!response.ok) {
        button.disabled = false;
        return;
      }
      const entry = this.items.get(id);
      entry.item.readAt = (await response.json()).readAt;
      entry.li.className = 'read';
      button.remove();
      this.count();
    }

    count() {
      const unread = [...this.items.values()].filter((e) => !e.item.readAt).length;
      this.heading.textContent = unread === 0 ? 'Notifications' : `Notifications (${unread} unread)`;
      this.dataset.unread = String(unread);
      if (this.items.size === 0 && !this.list.querySelector('.empty')) {
        const empty = document.createElement('li');
        empty.className = 'empty';
        empty.textContent = 'Nothing here yet.';
        this.list.append(empty);
      }
    }

    problem(text) {
      const p = document.createElement('li');
      p.className = 'problem';
      p.textContent = text;
      this.list.replaceChildren(p);
      this.dataset.state = 'failed';
    }
  }

  if (!customElements.get('usheru-inbox')) customElements.define('usheru-inbox', UsheruInbox);
})();
