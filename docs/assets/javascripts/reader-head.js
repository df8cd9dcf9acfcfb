// The page's first script, loaded by overrides/partials/javascripts/base.html from <head>.
// A file rather than inline scripts, so that the pages' Content-Security-Policy allows only
// the site's own script files: a script the text of a page managed to put there never runs.
// What the page needs to know (the scope, the palette) comes in the tag's data attributes.
{
  const tag = document.currentScript
  const root = document.documentElement

  // Material's (and Zensical's) partials/javascripts/base.html: where the site's settings
  // are kept in localStorage, and how to read and write them.
  window.__md_scope = new URL(tag.dataset.scope, location)
  if (!__md_scope.pathname.endsWith("/"))
    window.__md_scope = new URL(__md_scope.pathname + "/", location)
  window.__md_hash = value => [...value].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0)
  window.__md_get = (key, storage = localStorage, scope = __md_scope) =>
    JSON.parse(storage.getItem(scope.pathname + "." + key))
  window.__md_set = (key, value, storage = localStorage, scope = __md_scope) => {
    try {
      storage.setItem(scope.pathname + "." + key, JSON.stringify(value))
    } catch (error) {}
  }
  // Zensical's style sheets read the platform (keyboard shortcuts); Material's ignore it.
  root.setAttribute("data-platform", navigator.platform)

  // Material's bundle does these when it starts, each time forcing the browser to compute the
  // style of every element again (main-thread time that Lighthouse counts against the page):
  // the "no-js" class becomes "js", and its focus-visible polyfill adds "js-focus-visible" (any
  // class change on <html> restyles the whole page, because Material's style sheet has
  // selectors such as table:not([class])); instant navigation rewrites every relative address
  // to an absolute one, which for a style sheet's link makes Chromium load and apply it anew;
  // and the palette sets data-md-color-switching (transitions off) on <body> before reading
  // the header's colours (it removes it again a moment later). Done here, before anything is
  // styled, they cost nothing, and the bundle's own pass changes nothing.
  //
  // Material's palette script (partials/javascripts/palette.html: the scheme the reader chose,
  // from localStorage, onto <body>) moves here too. As an inline script at the top of <body>
  // it let Chromium paint the header alone before parsing the article, so the article's
  // largest paint came later. Here it runs when the parser inserts <body>, before any paint.
  // It also picks the scheme for a reader who never chose one (the one their system prefers),
  // which Material leaves to its bundle: the bundle starts after the first paint (see
  // reader-start.js), and the page must not flash light before it turns dark.
  //
  // Last, Material shows link previews and notes in a dialog with no accessible name (axe-core
  // rule aria-dialog-name, serious): each gets one as it appears.
  //
  // Without JavaScript none of this runs, and the page is styled as Material styles it.
  {
    root.classList.replace("no-js", "js")
    root.classList.add("js-focus-visible")
    root.setAttribute("data-js-focus-visible", "")
    for (const link of document.querySelectorAll("link[href]")) link.href = link.href
    const options = JSON.parse(tag.dataset.palette || "[]")
    new MutationObserver((_, observer) => {
      const body = document.body
      if (!body) return
      observer.disconnect()
      body.setAttribute("data-md-color-switching", "")
      // A preview is named after its heading (the term), a note "Note" and its number.
      new MutationObserver(records => {
        for (const { addedNodes } of records)
          for (const node of addedNodes)
            if (node.matches?.(".md-tooltip2[role=dialog]:not([aria-label])")) {
              const heading = node.querySelector("h1, h2, h3")
              const host = node.id && document.querySelector(`[aria-controls="${node.id}"]`)
              const label = heading ? heading.firstChild?.textContent
                : `Note ${host ? host.textContent : ""}`
              node.setAttribute("aria-label", (label || "Note").trim())
            }
      }).observe(body, { childList: true })
      // Material's palette component: the reader's saved choice, else the first option whose
      // media query matches, else the first; the automatic option stands for the light or
      // dark one that matches.
      const saved = __md_get("__palette")
      let color = saved && saved.color
        || options.find(option => option.media && matchMedia(option.media).matches)
        || options[0]
      if (color && color.media === "(prefers-color-scheme)") {
        const light = matchMedia("(prefers-color-scheme: light)").matches
        const media = `(prefers-color-scheme: ${light ? "light" : "dark"})`
        color = options.find(option => option.media === media) || color
      }
      if (color)
        for (const [key, value] of Object.entries(color))
          body.setAttribute(`data-md-color-${key}`, value)
    }).observe(root, { childList: true })
  }
}
