// Every text the console and its login page show, one dictionary per language. Markup names a text with
// data-i18n="key" (or data-i18n-placeholder / data-i18n-title); code calls t('key', { n: 3 }).
// Served without login (the login page uses it), so it holds nothing but words.
'use strict';

const STRINGS = {
  en: {
    'app.title': 'SosPost dispatch console',
    'login.title': 'SosPost dispatch console',
    'login.userName': 'User name',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.error': 'User name or password is wrong.',
    'nav.queue': 'Alarm queue',
    'nav.posts': 'Posts map',
    'nav.stats': 'Statistics',
    'nav.audit': 'Audit log',
    'header.logout': 'Log out',
    'header.sound': 'Turn alarm sound on',
    'header.soundOn': 'Alarm sound on',
    'header.broker.ok': 'broker connected',
    'header.broker.down': 'broker DISCONNECTED',
    'header.updated': 'updated {time}',
    'header.unreachable': 'gateway unreachable: {error}',
    'role.dispatcher': 'dispatcher',
    'role.technician': 'technician',
    'role.admin': 'admin',
    'banner.dead': '{n} deliveries to dispatch systems failed:',
    'banner.retry': 'Retry',
    'banner.escalated': '{n} alarms were not acknowledged in time and were escalated:',
    'queue.open': 'Open alarms',
    'queue.resolved': 'Recently resolved',
    'queue.empty': 'No open alarms.',
    'alarm.state.received': 'NEW',
    'alarm.state.dispatched': 'dispatched',
    'alarm.state.resolved': 'resolved',
    'alarm.test': 'TEST',
    'alarm.escalated': 'escalated {time}',
    'alarm.unknownPost': '(post not in the registry)',
    'alarm.address': 'Address',
    'alarm.station': 'Responsible station',
    'alarm.position': 'Position',
    'alarm.presses': 'Presses',
    'alarm.pressed': 'Pressed',
    'alarm.pressedEstimated': '~{time} (estimated)',
    'alarm.pressedUnknown': 'unknown',
    'alarm.received': 'Received',
    'alarm.delay': '{seconds} s after the press',
    'alarm.dispatchedBy': 'Dispatched {time} by {user}',
    'alarm.resolvedBy': 'Resolved {time} by {user}: {outcome}',
    'alarm.snapshot': 'Camera snapshot',
    'alarm.noSnapshot': 'No snapshot',
    'alarm.deliveries': 'Forwarding',
    'alarm.consoleOnly': 'console only',
    'alarm.neverForwarded': 'test alarm: never forwarded',
    'alarm.acknowledge': 'Acknowledge',
    'alarm.resolve': 'Resolve',
    'alarm.outcome': 'Outcome',
    'alarm.notes': 'Notes',
    'alarm.notesPlaceholder': 'What happened, who attended',
    'alarm.save': 'Close the alarm',
    'alarm.cancel': 'Cancel',
    'outcome.real': 'real emergency',
    'outcome.prank': 'prank',
    'outcome.test': 'test by staff',
    'outcome.fault': 'post fault',
    'posts.online': 'online',
    'posts.offline': 'offline',
    'posts.trouble': 'trouble',
    'posts.id': 'Post',
    'posts.name': 'Name',
    'posts.health': 'Health',
    'posts.lastSeen': 'Last seen',
    'posts.troubles': 'Open troubles',
    'posts.selfTest': 'Latest self-test',
    'posts.runSelfTest': 'Self-test',
    'posts.selfTestSent': 'self-test sent',
    'posts.passed': 'passed',
    'posts.failed': 'FAILED',
    'posts.none': 'none',
    'posts.refused': 'refused',
    'posts.refusedHint': 'Messages to this post that it refused since it started: not signed by a gateway, or replayed. Someone may be on the broker with a password they should not have.',
    'posts.noTiles': 'No map tiles configured: posts on a coordinate grid',
    'stats.post': 'Post',
    'stats.alarms': 'Alarms',
    'stats.presses': 'Presses',
    'stats.real': 'Real',
    'stats.prank': 'Prank',
    'stats.test': 'Test',
    'stats.fault': 'Fault',
    'stats.open': 'Open',
    'stats.prankRate': 'Prank rate',
    'audit.time': 'Time',
    'audit.user': 'User',
    'audit.action': 'Action',
    'audit.subject': 'On',
    'audit.detail': 'Detail',
    'error.forbidden': 'Your role may not do this.',
    'error.failed': 'Failed: {error}',
  },
  th: {
    'app.title': 'ศูนย์รับแจ้งเหตุ SosPost',
    'login.title': 'ศูนย์รับแจ้งเหตุ SosPost',
    'login.userName': 'ชื่อผู้ใช้',
    'login.password': 'รหัสผ่าน',
    'login.submit': 'เข้าสู่ระบบ',
    'login.error': 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง',
    'nav.queue': 'รายการแจ้งเหตุ',
    'nav.posts': 'แผนที่ตู้แจ้งเหตุ',
    'nav.stats': 'สถิติ',
    'nav.audit': 'บันทึกการใช้งาน',
    'header.logout': 'ออกจากระบบ',
    'header.sound': 'เปิดเสียงเตือน',
    'header.soundOn': 'เสียงเตือนเปิดอยู่',
    'header.broker.ok': 'เชื่อมต่อโบรกเกอร์แล้ว',
    'header.broker.down': 'ขาดการเชื่อมต่อโบรกเกอร์',
    'header.updated': 'อัปเดตเมื่อ {time}',
    'header.unreachable': 'ติดต่อเกตเวย์ไม่ได้: {error}',
    'role.dispatcher': 'เจ้าหน้าที่รับแจ้งเหตุ',
    'role.technician': 'ช่างเทคนิค',
    'role.admin': 'ผู้ดูแลระบบ',
    'banner.dead': 'ส่งต่อเหตุไปยังระบบสั่งการไม่สำเร็จ {n} รายการ:',
    'banner.retry': 'ส่งใหม่',
    'banner.escalated': 'มี {n} เหตุที่ไม่มีผู้รับทราบทันเวลาและถูกส่งต่อแล้ว:',
    'queue.open': 'เหตุที่ยังไม่ปิด',
    'queue.resolved': 'เหตุที่ปิดล่าสุด',
    'queue.empty': 'ไม่มีเหตุค้างอยู่',
    'alarm.state.received': 'แจ้งเหตุใหม่',
    'alarm.state.dispatched': 'ส่งเจ้าหน้าที่แล้ว',
    'alarm.state.resolved': 'ปิดเหตุแล้ว',
    'alarm.test': 'ทดสอบ',
    'alarm.escalated': 'ส่งต่อเหตุเมื่อ {time}',
    'alarm.unknownPost': '(ไม่พบตู้ในทะเบียน)',
    'alarm.address': 'ที่อยู่',
    'alarm.station': 'สถานีตำรวจที่รับผิดชอบ',
    'alarm.position': 'พิกัด',
    'alarm.presses': 'จำนวนครั้งที่กด',
    'alarm.pressed': 'กดเมื่อ',
    'alarm.pressedEstimated': '~{time} (ประมาณ)',
    'alarm.pressedUnknown': 'ไม่ทราบ',
    'alarm.received': 'ได้รับแจ้งเมื่อ',
    'alarm.delay': 'หลังกด {seconds} วินาที',
    'alarm.dispatchedBy': 'รับทราบเมื่อ {time} โดย {user}',
    'alarm.resolvedBy': 'ปิดเหตุเมื่อ {time} โดย {user}: {outcome}',
    'alarm.snapshot': 'ภาพจากกล้อง',
    'alarm.noSnapshot': 'ไม่มีภาพ',
    'alarm.deliveries': 'การส่งต่อ',
    'alarm.consoleOnly': 'แสดงในศูนย์นี้เท่านั้น',
    'alarm.neverForwarded': 'เหตุทดสอบ: ไม่ส่งต่อ',
    'alarm.acknowledge': 'รับทราบ',
    'alarm.resolve': 'ปิดเหตุ',
    'alarm.outcome': 'ผลการตรวจสอบ',
    'alarm.notes': 'บันทึก',
    'alarm.notesPlaceholder': 'เกิดอะไรขึ้น ใครเข้าระงับเหตุ',
    'alarm.save': 'ยืนยันปิดเหตุ',
    'alarm.cancel': 'ยกเลิก',
    'outcome.real': 'เหตุจริง',
    'outcome.prank': 'แกล้งแจ้ง',
    'outcome.test': 'เจ้าหน้าที่ทดสอบ',
    'outcome.fault': 'อุปกรณ์ขัดข้อง',
    'posts.online': 'ออนไลน์',
    'posts.offline': 'ออฟไลน์',
    'posts.trouble': 'ขัดข้อง',
    'posts.id': 'ตู้',
    'posts.name': 'ชื่อ',
    'posts.health': 'สถานะ',
    'posts.lastSeen': 'ติดต่อล่าสุด',
    'posts.troubles': 'ปัญหาที่ยังค้าง',
    'posts.selfTest': 'ผลทดสอบล่าสุด',
    'posts.runSelfTest': 'สั่งทดสอบ',
    'posts.selfTestSent': 'ส่งคำสั่งทดสอบแล้ว',
    'posts.passed': 'ผ่าน',
    'posts.failed': 'ไม่ผ่าน',
    'posts.none': 'ไม่มี',
    'posts.refused': 'ข้อความถูกปฏิเสธ',
    'posts.refusedHint': 'ข้อความถึงเสานี้ที่เสาปฏิเสธตั้งแต่เริ่มทำงาน: ไม่ได้ลงนามโดยเกตเวย์ หรือเป็นการส่งซ้ำ อาจมีผู้ใช้โบรกเกอร์ที่ไม่ควรมีรหัสผ่าน',
    'posts.noTiles': 'ไม่ได้ตั้งค่าแผนที่พื้นหลัง: แสดงตู้บนตารางพิกัด',
    'stats.post': 'ตู้',
    'stats.alarms': 'แจ้งเหตุ',
    'stats.presses': 'จำนวนครั้งที่กด',
    'stats.real': 'เหตุจริง',
    'stats.prank': 'แกล้งแจ้ง',
    'stats.test': 'ทดสอบ',
    'stats.fault': 'ขัดข้อง',
    'stats.open': 'ยังไม่ปิด',
    'stats.prankRate': 'อัตราแกล้งแจ้ง',
    'audit.time': 'เวลา',
    'audit.user': 'ผู้ใช้',
    'audit.action': 'การกระทำ',
    'audit.subject': 'รายการ',
    'audit.detail': 'รายละเอียด',
    'error.forbidden': 'บทบาทของคุณไม่มีสิทธิ์ทำรายการนี้',
    'error.failed': 'ไม่สำเร็จ: {error}',
  },
};

const LANGUAGES = { en: 'English', th: 'ไทย' };

let language = (() => {
  const saved = localStorage.getItem('sospost.language');
  if (saved && STRINGS[saved]) return saved;
  return (navigator.language || '').toLowerCase().startsWith('th') ? 'th' : 'en';
})();

function t(key, params) {
  const text = STRINGS[language][key] ?? STRINGS.en[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? '')) : text;
}

function translatePage(root = document) {
  document.documentElement.lang = language;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

// A <select id="language"> switches the language, remembers it, and calls onChange to redraw.
function setUpLanguageSwitch(onChange) {
  const select = document.getElementById('language');
  select.replaceChildren(...Object.entries(LANGUAGES).map(([code, name]) => new Option(name, code, false, code === language)));
  select.onchange = () => {
    language = select.value;
    localStorage.setItem('sospost.language', language);
    translatePage();
    if (onChange) onChange();
  };
  translatePage();
}

// Times in the reader's language, always with the date when it is not today.
function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const locale = language === 'th' ? 'th-TH' : 'en-GB';
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString(locale) : date.toLocaleString(locale);
}
