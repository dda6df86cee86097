"""The web front end: `reportedly serve`, a web app for analysts and a REST API under /api/.

Like the CLI it only parses requests and renders what the application layer
(reportedly.app, through reportedly.api) returns; it holds no orchestration.
`server` builds the FastAPI app (settings, the store, security headers), `api` holds the
REST routes, `pages` the HTML pages rendered from `templates/`, `static/` the app's own
scripts and styles (Plotly's JavaScript is served from the plotly package, never a CDN).
"""
