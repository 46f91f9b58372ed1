import { initAll } from '/static/govuk-frontend.min.js'

initAll()

// Session timeout warning (GOV.UK pattern). The server holds the real idle timeout; this only warns.
const dialog = document.getElementById('timeout-dialog')
if (dialog && dialog.dataset.expiresAt) {
  const WARN_MS = 2 * 60 * 1000
  let expiresAt = new Date(dialog.dataset.expiresAt).getTime()
  const countdown = document.getElementById('timeout-countdown')
  const stay = document.getElementById('timeout-stay')
  let timer = null
  // After "Stay signed in", stay quiet for a minute: with a short idle timeout the renewed session is
  // itself inside the warning window, and the dialog must not reopen the moment it closes.
  let quietUntil = 0

  const keepAlive = async () => {
    const res = await fetch('/session/keep-alive', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: dialog.dataset.csrf || '' }),
      credentials: 'same-origin',
    })
    if (res.ok) {
      const body = await res.json()
      if (body.expiresAt) expiresAt = new Date(body.expiresAt).getTime()
    }
  }

  const tick = () => {
    const left = expiresAt - Date.now()
    if (left <= 0) {
      clearInterval(timer)
      const form = document.getElementById('timeout-signout-form')
      const reason = document.createElement('input')
      reason.type = 'hidden'
      reason.name = 'reason'
      reason.value = 'timeout'
      form.appendChild(reason)
      // Keep what was typed (as a draft) before signing out.
      Promise.resolve(window.harbourSaveDraftNow ? window.harbourSaveDraftNow() : null).finally(() => form.submit())
      return
    }
    if (left <= WARN_MS && Date.now() >= quietUntil) {
      if (!dialog.open) dialog.showModal()
      const s = Math.ceil(left / 1000)
      countdown.textContent = s > 60 ? `${Math.ceil(s / 60)} minutes` : `${s} seconds`
    }
  }
  timer = setInterval(tick, 1000)
  stay.addEventListener('click', async () => {
    quietUntil = Date.now() + 60 * 1000
    await keepAlive()
    dialog.close()
  })
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault()
    stay.click()
  })
  void timer
}

// Drafts: forms marked data-draft-key are saved to the server as the user types (after a pause), so a
// session timeout or a closed tab never loses work. The draft is cleared when the form is saved.
// A page may hold more than one: each form's status line is the [data-draft-status] named like its
// data-draft-name (neither named on a page with one form).
const draftSaves = []
for (const draftForm of document.querySelectorAll('form[data-draft-key]')) {
  const name = draftForm.dataset.draftName ?? ''
  const status = [...document.querySelectorAll('[data-draft-status]')].find((s) => s.dataset.draftStatus === name) ?? null
  let pending = null
  let dirty = false
  const save = async () => {
    pending = null
    if (!dirty) return
    dirty = false
    const body = new URLSearchParams(new FormData(draftForm))
    body.set('formKey', draftForm.dataset.draftKey)
    try {
      const res = await fetch('/drafts', { method: 'POST', body, credentials: 'same-origin', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      if (res.ok && status) {
        const { savedAt } = await res.json()
        status.textContent = `Draft saved at ${new Date(savedAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`
      }
    } catch {
      dirty = true
    }
  }
  const schedule = () => {
    dirty = true
    if (pending) clearTimeout(pending)
    pending = setTimeout(save, 1500)
  }
  draftForm.addEventListener('input', schedule)
  draftForm.addEventListener('change', schedule)
  draftSaves.push(save)
}
// Save at once before the timeout signs the user out.
if (draftSaves.length) window.harbourSaveDraftNow = () => Promise.all(draftSaves.map((save) => save()))

// Print buttons (e.g. the chronology for a court bundle): the print stylesheet in harbour.css does the layout.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
