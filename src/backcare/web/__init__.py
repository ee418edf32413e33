"""The web app and JSON API (``backcare serve``): the whole product in a browser.

    from backcare.web.app import create_app
    from backcare.web.settings import WebSettings
    app = create_app(WebSettings(diary="/tmp/diary.sqlite3"))   # any ASGI server runs it

Nothing is imported here: ``backcare`` loads this package only when ``serve`` runs.
"""
