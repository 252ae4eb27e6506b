#!/usr/bin/env python3
"""The local news site of scripts/bench-edition: an RSS feed of N articles, each a page of the
sample's size (book/article.txt, about 5.7 KB of Arabic), every answer delayed by LATENCY ms,
with an ETag so that a second run can ask only what changed. Serves on 127.0.0.1 only, prints
its port, and stops by itself after LIFETIME seconds.

Usage: bench-edition.py N LATENCY_MS LIFETIME_S
"""
import html
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

count, latency, lifetime = int(sys.argv[1]), int(sys.argv[2]) / 1000, float(sys.argv[3])
text = (Path(__file__).parent.parent / "book" / "article.txt").read_text(encoding="utf-8")
# The sample's headline off (its first line); its other lines are the page's paragraphs.
paragraphs = [line.strip() for line in text.splitlines() if line.strip()][1:]


def page(n):
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>المقال {n} | موقع الأخبار</title></head><body>"
        f'<nav><a href="/">الرئيسية</a></nav><article><h1>المقال رقم {n}</h1>\n{paras}\n'
        f"</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        time.sleep(latency)
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/feed.xml":
            items = "".join(
                f"<item><title>المقال رقم {n}</title><link>{base}/a/{n}</link>"
                f"<guid>a-{n}</guid><pubDate>Tue, 14 Nov 2023 22:00:00 GMT</pubDate></item>"
                for n in range(1, count + 1)
            )
            body, kind = (
                f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>موقع الأخبار</title><link>{base}/</link><language>ar</language>"
                f"<description>أخبار</description>{items}</channel></rss>"
            ).encode(), "application/rss+xml"
        elif self.path.startswith("/a/") and self.path[3:].isdigit():
            body, kind = page(int(self.path[3:])), "text/html; charset=utf-8"
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        tag = f'"{hash(body) & 0xffffffff:x}"'
        if self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", tag)
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_port, flush=True)
threading.Timer(lifetime, server.shutdown).start()
server.serve_forever()
