// The console works without this script; with it, the template editor previews as you type.
// Everything shown is set as text (textContent) or as a sandboxed frame's srcdoc: never as markup.
(() => {
  const form = document.getElementById('template-editor');
  if (!form) return;
  const preview = document.getElementById('preview');
  const status = document.getElementById('preview-status');
  let timer = 0;
  let sequence = 0;

  const element = (tag, text, attributes = {}) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  };

  const channelCard = (channel, content) => {
    const card = element('div', null, { class: 'card', 'data-channel': channel });
    card.append(element('h3', channel + (content.locale ? ` (${content.locale})` : '')));
    if (channel === 'email') {
      const subject = element('p');
      subject.append(element('strong', 'Subject:'), ' ', element('span', content.subject, { 'data-field': 'subject' }));
      card.append(subject);
      if (content.html) {
        const frame = element('iframe', null, { class: 'mail', sandbox: '', title: 'Email HTML preview' });
        frame.srcdoc = content.html;
        card.append(frame);
      }
      if (content.text) card.append(element('pre', content.text, { 'data-field': 'text' }));
    } else if (channel === 'sms') {
      card.append(element('pre', content.text, { 'data-field': 'text' }));
      card.append(element('p', `${content.encoding}, ${content.length} units, ${content.segments} segment(s)`, { class: 'muted', 'data-field': 'segments' }));
    } else if (channel === 'push' || channel === 'inbox') {
      card.append(element('p').appendChild(element('strong', content.title, { 'data-field': 'title' })).parentNode);
      card.append(element('p', content.body, { 'data-field': 'body' }));
      card.append(element('p', content.url, { class: 'wrap', 'data-field': 'url' }));
    } else {
      card.append(element('pre', JSON.stringify(content, null, 2)));
    }
    return card;
  };

  const refresh = async () => {
    const mine = ++sequence;
    const body = new FormData(form);
    body.delete('_handler');
    body.delete('action');
    const response = await fetch(form.dataset.preview, { method: 'POST', body, credentials: 'same-origin' });
    if (mine !== sequence) return;
    if (!response.ok) {
      status.textContent = `Preview unavailable (${response.status}); sign in again if your session ended.`;
      return;
    }
    const { errors, preview: rendered } = await response.json();
    const problems = Object.entries(errors || {});
    if (problems.length > 0) {
      status.textContent = 'Not previewed: ' + problems.map(([field, messages]) => `${field}: ${messages.join(' ')}`).join('; ');
      return;
    }
    status.textContent = 'Rendered with the sample data.';
    preview.replaceChildren(...Object.entries(rendered.channels).map(([channel, content]) => channelCard(channel, content)));
  };

  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
})();
