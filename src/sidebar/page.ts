// The HTML of the two sidebars (ケースの詳細, 今月のやること), served by HtmlService from src/gas/sidebars.ts
// and rendered in headless Chromium by test/sidebar.browser.test.ts. One self-contained page: no external script, font,
// stylesheet or image (offline and private: nothing leaves the spreadsheet), Japanese, 300 px wide
// (Sheets' sidebar width), keyboard-usable, dark text on light backgrounds (WCAG AA contrast).
// The client code only calls the server functions named in SIDEBAR_FUNCTIONS through
// google.script.run (https://developers.google.com/apps-script/guides/html/reference/run), writes
// every value with textContent (cell text is never parsed as HTML) and logs nothing.

export type SidebarKind = 'case' | 'todo';

/** Top-level server functions the pages call (exports of src/entrypoints.ts). */
export const SIDEBAR_FUNCTIONS = {
  selection: 'sidebarSelection',
  caseView: 'sidebarCase',
  todo: 'sidebarTodo',
  select: 'sidebarSelectCase',
} as const;

export const SIDEBAR_TITLES: Record<SidebarKind, string> = {
  case: 'ケースの詳細',
  todo: '今月のやること',
};

/** What the page says when google.script.run itself fails (no connection, sign-in or permission). */
export const CALL_FAILED_MESSAGE =
  'スプレッドシートとやりとりできませんでした。通信状態を確かめて、もう一度ボタンを押してください。' +
  '直らないときは、サイドバーを閉じてメニューから開き直してください（複数の Google アカウントでログインしていると' +
  '起きることがあります。そのときは、この台帳を使うアカウントだけでログインし直してください）。';

/** How often the case sidebar asks which row is selected (only while visible and no call is running). */
export const POLL_MS = 2000;
/** After a minute with no change, it asks less often, until the row changes again. */
export const POLL_IDLE_MS = 6000;

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{width:300px;max-width:100%;font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic UI",Meiryo,sans-serif;font-size:13px;line-height:1.55;color:#1f1f1f;background:#fff;padding:10px 12px 24px}
h1{font-size:15px;margin:0 0 6px}
h2{font-size:13px;margin:14px 0 4px;padding-bottom:2px;border-bottom:1px solid #c4c7c5}
p{margin:4px 0}
button{font:inherit;color:#1f1f1f;background:#f1f3f4;border:1px solid #747775;border-radius:4px;padding:4px 10px;cursor:pointer}
button:hover{background:#e3e3e3}
button:focus-visible,input:focus-visible{outline:3px solid #0b57d0;outline-offset:1px}
.bar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:6px}
.bar label{display:flex;gap:4px;align-items:center}
#status{min-height:1.5em;color:#444746;font-size:12px}
.who{font-size:14px;font-weight:bold;margin:2px 0}
.sub{color:#444746;font-size:12px}
dl{margin:0}
dt{font-weight:bold;margin-top:6px}
dd{margin:0 0 0 0}
dd .rule{display:block;color:#444746;font-size:12px}
ul{margin:4px 0;padding-left:0;list-style:none}
li{margin:4px 0}
.badge{display:inline-block;font-size:12px;font-weight:bold;padding:0 6px;border-radius:3px;margin-right:4px;border:1px solid transparent}
.s-overdue,.k-endedNotHandedOver,.k-shareOverdue,.sev-error{background:#fce8e6;color:#8c1d18;border-color:#8c1d18}
.s-due,.k-shareSoon,.k-renewal,.k-monthly,.k-employmentCheck,.sev-warning{background:#fef7e0;color:#6d4c00;border-color:#6d4c00}
.s-later,.k-endSoon{background:#e8f0fe;color:#0b3d91;border-color:#0b3d91}
.s-done,.k-handedOver{background:#e6f4ea;color:#0d652d;border-color:#0d652d}
.s-none,.k-none{background:#f1f3f4;color:#3c4043;border-color:#3c4043}
.flag{font-size:14px;margin:4px 0}
.note{background:#f1f3f4;border-left:4px solid #747775;padding:4px 6px;margin:6px 0}
.error{background:#fce8e6;border-left:4px solid #8c1d18;padding:4px 6px;margin:6px 0}
.todo{display:block;width:100%;text-align:left;background:#fff;border:1px solid #c4c7c5;padding:6px 8px}
.todo:hover{background:#f8fafd}
.todo .id{font-weight:bold}
.todo .due{float:right;font-size:12px;color:#444746}
`;

const SCRIPT = `
(function () {
  'use strict';
  var KIND = document.body.getAttribute('data-kind');
  var FN = ${JSON.stringify(SIDEBAR_FUNCTIONS)};
  var POLL_MS = ${POLL_MS};
  var POLL_IDLE_MS = ${POLL_IDLE_MS};
  var quiet = 0;
  var STATUS_LABEL = { done: '済', due: '要対応', overdue: '期限超過', later: '予定', none: '対象外' };
  var FAILED = ${JSON.stringify(CALL_FAILED_MESSAGE)};
  var main = document.getElementById('main');
  var status = document.getElementById('status');
  var busy = false;
  var shownKey = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function say(text) { status.textContent = text; }

  // The server functions answer every problem with a Japanese message; a failure here is the call
  // itself (connection, authorisation), told in Japanese without the raw error. A failed poll
  // (silent) leaves the case on screen and is tried again at the next tick.
  function call(name, arg, ok, silent) {
    busy = true;
    var runner = google.script.run
      .withSuccessHandler(function (value) { busy = false; ok(value); })
      .withFailureHandler(function () {
        busy = false;
        if (silent) return;
        say('');
        main.textContent = '';
        add(main, el('p', 'error', FAILED));
      });
    if (arg === undefined) runner[name](); else runner[name](arg);
  }

  // ------------------------------------------------------------------ ケースの詳細
  function renderCase(reply) {
    main.textContent = '';
    shownKey = reply && reply.selection ? reply.selection.sheet + '!' + reply.selection.row : null;
    if (!reply || !reply.ok) {
      add(main, el('p', 'note', reply && reply.message ? reply.message : 'ケース台帳の行を選んでください。'));
      say('');
      return;
    }
    var e = reply.explanation;
    add(main, el('p', 'who', e.caseId + (reply.name ? '\u3000' + reply.name : '')));
    add(main, el('p', 'sub', 'ケース台帳 ' + e.rowNumber + '行目・' + e.office + '・' + (e.center || '担当センター未設定')));

    add(main, el('h2', null, '引継ぎフラグ'));
    var flag = add(main, el('p', 'flag'));
    add(flag, el('span', 'badge k-' + (e.flag.kind || 'none'), e.flag.text || 'なし'));
    e.flag.reasons.forEach(function (r) { add(main, el('p', null, r)); });

    if (e.dates.length) {
      add(main, el('h2', null, '日付と計算のきまり'));
      var dl = add(main, el('dl'));
      e.dates.forEach(function (d) {
        add(dl, el('dt', null, d.label + '\u3000' + d.value));
        var dd = add(dl, el('dd'));
        add(dd, el('span', 'rule', d.rule));
      });
    }
    if (e.daysLeft) {
      add(main, el('h2', null, '残日数'));
      add(main, el('p', null, e.daysLeft.value + '日（' + e.daysLeft.text + '）'));
    }
    if (e.steps.length) {
      add(main, el('h2', null, '次にすること'));
      var ul = add(main, el('ul'));
      e.steps.forEach(function (st) {
        var li = add(ul, el('li'));
        add(li, el('span', 'badge s-' + st.status, STATUS_LABEL[st.status] || st.status));
        add(li, el('strong', null, st.label));
        add(li, el('span', null, '：' + st.text));
      });
    }
    add(main, el('h2', null, '今月の支援'));
    if (e.month) {
      var m = add(main, el('ul'));
      var face = add(m, el('li'));
      add(face, el('span', 'badge ' + (e.month.faceToFace ? 's-done' : 's-overdue'), e.month.faceToFace ? 'あり' : '不足'));
      add(face, el('span', null, '対面（本人） ' + e.month.faceToFace + '回'));
      var rep = add(m, el('li'));
      add(rep, el('span', 'badge ' + (e.month.reportsShared ? 's-done' : 's-overdue'), e.month.reportsShared ? 'あり' : '不足'));
      add(rep, el('span', null, '支援レポート共有 ' + e.month.reportsShared + '件'));
      var emp = add(m, el('li'));
      add(emp, el('span', 'badge ' + (e.month.employerContacts ? 's-done' : 's-due'), e.month.employerContacts ? 'あり' : '警告'));
      add(emp, el('span', null, '企業への連絡 ' + e.month.employerContacts + '回'));
      add(main, el('p', null, e.month.text));
    }
    add(main, el('h2', null, '検証結果'));
    if (!e.problems.length) add(main, el('p', null, '問題はありません。'));
    e.problems.forEach(function (p) {
      var line = add(main, el('p'));
      add(line, el('span', 'badge sev-' + p.severity, p.label));
      add(line, el('strong', null, p.column + (p.value ? '（値: ' + p.value + '）' : '')));
      add(line, el('span', null, '：' + p.message));
    });
    e.notes.forEach(function (n) { add(main, el('p', 'note', n)); });
    say(e.today + ' 時点');
  }

  function loadCase() {
    say('読み込んでいます…');
    call(FN.caseView, undefined, renderCase);
  }

  function poll() {
    var auto = document.getElementById('auto');
    if (busy || !auto || !auto.checked || document.visibilityState === 'hidden') return;
    call(FN.selection, undefined, function (sel) {
      var key = sel ? sel.sheet + '!' + sel.row : null;
      if (key !== shownKey) {
        quiet = 0;
        loadCase();
      } else quiet++;
    }, true);
  }

  function tick() {
    poll();
    setTimeout(tick, quiet > 60000 / POLL_MS ? POLL_IDLE_MS : POLL_MS);
  }

  // ------------------------------------------------------------------ 今月のやること
  function renderTodo(reply) {
    main.textContent = '';
    if (!reply || !reply.ok) {
      add(main, el('p', 'note', reply && reply.message ? reply.message : '読み込めませんでした。'));
      say('');
      return;
    }
    var t = reply.list;
    add(main, el('p', 'who', t.monthLabel + '：' + t.items.length + '件（急ぐ順）'));
    var ul = add(main, el('ul'));
    ul.setAttribute('aria-label', 'やることの一覧。矢印キーで移動、Enter でケース台帳の行を選択');
    t.items.forEach(function (item) {
      var li = add(ul, el('li'));
      var b = add(li, el('button', 'todo'));
      b.type = 'button';
      b.setAttribute('data-case', item.caseId);
      add(b, el('span', 'due', item.due));
      add(b, el('span', 'badge k-' + item.kind, item.label));
      add(b, el('span', 'id', item.caseId));
      add(b, el('span', null, '：' + item.text));
      b.addEventListener('click', function () { selectCase(item.caseId); });
    });
    if (!t.items.length) add(main, el('p', null, 'やることはありません。'));
    t.notes.forEach(function (n) { add(main, el('p', 'note', n)); });
    say(t.today + ' 時点');
  }

  function selectCase(caseId) {
    say(caseId + ' を選択しています…');
    call(FN.select, caseId, function (r) {
      say(r && r.ok ? caseId + ' の行（' + r.row + '行目）を選択しました。' : (r && r.message) || '選択できませんでした。');
    });
  }

  function loadTodo() {
    say('読み込んでいます…');
    call(FN.todo, undefined, renderTodo);
  }

  main.addEventListener('keydown', function (ev) {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    var items = Array.prototype.slice.call(main.querySelectorAll('button.todo'));
    var i = items.indexOf(document.activeElement);
    if (i < 0) return;
    var next = items[ev.key === 'ArrowDown' ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0)];
    next.focus();
    ev.preventDefault();
  });

  document.getElementById('refresh').addEventListener('click', KIND === 'case' ? loadCase : loadTodo);
  if (KIND === 'case') {
    loadCase();
    setTimeout(tick, POLL_MS);
    document.addEventListener('visibilitychange', function () { quiet = 0; });
  } else {
    loadTodo();
  }
})();
`;

/** The whole page of a sidebar. */
export function sidebarPage(kind: SidebarKind): string {
  const controls =
    kind === 'case'
      ? '<button type="button" id="refresh">選択中の行を表示</button>' +
        '<label><input type="checkbox" id="auto" checked> 行を移ったら自動で更新</label>'
      : '<button type="button" id="refresh">更新</button>';
  return (
    '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=300">' +
    `<title>${SIDEBAR_TITLES[kind]}</title><style>${STYLE}</style></head>` +
    `<body data-kind="${kind}"><h1>${SIDEBAR_TITLES[kind]}</h1>` +
    `<div class="bar">${controls}</div>` +
    '<div id="status" role="status" aria-live="polite"></div>' +
    '<main id="main"></main>' +
    `<script>${SCRIPT}</script></body></html>`
  );
}
