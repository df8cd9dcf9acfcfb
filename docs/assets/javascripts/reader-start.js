// Material's bundle, loaded after the page's first paint (see overrides/main.html, which
// names the bundle in this tag's data-bundle): a file, so that the pages' policy allows only
// the site's own script files.
{
  const address = document.currentScript.dataset.bundle
  const start = () => {
    const bundle = document.createElement("script")
    bundle.src = address
    // Material listens for the event once: were the page still loading, it would come.
    bundle.onload = () => {
      if (document.readyState !== "loading")
        setTimeout(() => document.dispatchEvent(new Event("DOMContentLoaded")))
    }
    document.body.append(bundle)
  }
  if (document.hidden) start()
  else requestAnimationFrame(() => setTimeout(start))
}
