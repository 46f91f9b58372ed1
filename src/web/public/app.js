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
      const form = document.getElementById('timeout-signout-form')
      const reason = document.createElement('input')
      reason.type = 'hidden'
      reason.name = 'reason'
      reason.value = 'timeout'
      form.appendChild(reason)
      form.submit()
      return
    }
    if (left <= WARN_MS) {
      if (!dialog.open) dialog.showModal()
      const s = Math.ceil(left / 1000)
      countdown.textContent = s > 60 ? `${Math.ceil(s / 60)} minutes` : `${s} seconds`
    }
  }
  timer = setInterval(tick, 1000)
  stay.addEventListener('click', async () => {
    await keepAlive()
    dialog.close()
  })
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault()
    stay.click()
  })
  void timer
}
