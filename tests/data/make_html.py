"""Regenerate the saved-web-page fixtures from seeds/003_09316cdeb402fe12.txt.

    python tests/data/make_html.py

Writes tests/data/formats/003_09316cdeb402fe12.html (UTF-8) and 003_09316cdeb402fe12.gbk.html
(GBK, <meta charset="gbk">): the report as a county government's information-disclosure page
presents it — navigation, breadcrumbs, the 索引号/发布机构/公文生成日期/文号 table, the title, the
来源/时间 line, the body in div#zoom, and the share/print/close/related widgets, script and footer.
"""

from __future__ import annotations

import html
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "003_09316cdeb402fe12.txt"
OUT = Path(__file__).resolve().parent / "formats"

PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta {charset} />
<meta name="SiteName" content="泉州市鲤城区人民政府" />
<meta name="ColumnName" content="法治政府建设" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="2025-02-17 10:03" />
<meta name="ContentSource" content="鲤城区司法局" />
<title>{title}_法治政府建设_泉州市鲤城区人民政府</title>
<link rel="stylesheet" href="/images/common.css" />
<style type="text/css">.xxgk_table td {{ padding: 4px; }} .hide {{ display: none; }}</style>
<script type="text/javascript">var _hmt = _hmt || []; /* 统计代码：扫一扫 */</script>
</head>
<body>
<div class="top">
  <div class="wrap"><h1 class="logo"><a href="/"><img src="/images/logo.png" alt="泉州市鲤城区人民政府" /></a></h1>
  <div class="top-links"><a href="/">网站首页</a> | <a href="/wza">无障碍</a> | <a href="/en">English</a> | <a href="javascript:;">繁體</a></div>
  <form class="search" action="/search"><input type="text" name="q" value="请输入关键字" /><button>搜索</button></form></div>
</div>
<div class="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
  <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjlc/">走进鲤城</a></li>
</ul></div>
<div class="main wrap">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/fzzfjs/">法治政府建设</a></div>
  <div class="xxgk_table">
  <table width="100%" cellspacing="0" cellpadding="0" border="0">
    <tr><td class="t1">索&nbsp;引&nbsp;号：</td><td>QZ01104-3000-2025-00002</td><td class="t1">主题分类：</td><td>其他</td></tr>
    <tr><td class="t1">发布机构：</td><td>鲤城区司法局</td><td class="t1">公文生成日期：</td><td>2025-02-17</td></tr>
    <tr><td class="t1">文　　号：</td><td>泉鲤司〔2025〕5号</td><td class="t1">有&nbsp;效&nbsp;性：</td><td>有效</td></tr>
  </table>
  </div>
  <div class="article">
    <h2 class="article-title" id="title">{title}</h2>
    <div class="info"><span>来源：鲤城区司法局</span>&nbsp;&nbsp;<span>时间：2025-02-17 10:03</span></div>
    <div class="font-size">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
    <div class="TRS_Editor" id="zoom">
{body}
    </div>
    <div class="hide" style="display:none">责任编辑：张三（内部信息，不应出现）</div>
    <div class="fj"><p>附件下载</p></div>
    <div class="ewm"><img src="/qrcode.png" alt="" /><p>扫一扫在手机上查看当前页面</p></div>
    <div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
    <div class="xgjd"><h3>相关解读</h3><ul><li><a href="#">文字解读</a></li><li><a href="#">图片解读</a></li>
      <li><a href="#">视频解读</a></li><li><a href="#">访谈解读</a></li><li><a href="#">媒体报道</a></li></ul></div>
  </div>
</div>
<div class="footer">
  <p>主办：泉州市鲤城区人民政府办公室 &nbsp; 承办：泉州市鲤城区数字鲤城服务中心</p>
  <p>网站标识码：3505020001 &nbsp; 闽ICP备05000000号 &nbsp; 闽公网安备 35050202000000号</p>
  <p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p>
</div>
<script type="text/javascript">document.write('<span>扫一扫在手机上查看当前页面</span>');</script>
</body>
</html>
"""


def build(charset: str) -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    title = lines[4].strip()
    start = next(i for i, line in enumerate(lines) if line.strip() == "区委、区政府:")
    end = next(i for i, line in enumerate(lines) if line.strip() == "(此件主动公开)")
    paragraphs = [line.strip() for line in lines[start : end + 1] if line.strip()]
    body = "\n".join(
        f'      <p style="text-indent: 2em;">{html.escape(p, quote=False)}</p>' if i else f"      <p>{html.escape(p, quote=False)}</p>"
        for i, p in enumerate(paragraphs)
    )
    return PAGE.format(charset=charset, title=html.escape(title), body=body)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "003_09316cdeb402fe12.html").write_bytes(build('http-equiv="Content-Type" content="text/html; charset=utf-8"').encode("utf-8"))
    (OUT / "003_09316cdeb402fe12.gbk.html").write_bytes(build('charset="gbk"').encode("gbk"))


if __name__ == "__main__":
    main()
