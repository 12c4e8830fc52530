"""Copy for retrospectives: /retro, the prompt DM, its form and the channel summary."""

EN = {
    "usage.retro": "`/retro start ID` (team lead or admin) · `/retro help`",
    "help.retro": (
        "*/retro runs retrospectives.* Each `[[retros]]` asks the team's members its questions "
        "at its time in their own zone; the answers are posted to the team channel when it "
        "closes (the next day at the same time, or when everyone answered), and the answers "
        "to its lesson questions become lessons (`/lesson search` finds them).\n{usage}"
    ),
    "retro.error.unknown": "There is no retro `{retro}`. Retros: {retros}.",
    "retro.error.no_id": "Say which retro to start: `/retro start ID` ({retros}).",
    "retro.error.forbidden": "Only the lead of {team} (<@{lead}>) or an admin may start `{retro}`.",
    "retro.error.running": "`{retro}` is already open; it closes {closes}.",
    "retro.error.closed": "This retrospective has closed; your answers were not changed.",
    "retro.error.not_yours": "This retrospective prompt is someone else's.",
    "retro.started": "Started `{retro}`: {count} people asked. It closes {closes}.",
    "retro.prompt": "*Retrospective · {name}*\nReply here, one message per question, or use the "
    "form; edit a message or reopen the form to change an answer until it closes {closes}.\n"
    "{questions}",
    "retro.question": "*{n}/{total}* {question}",
    "retro.dm.empty": "I can only store text answers. Type your answer as a message.",
    "retro.dm.all_answered": "You have answered every retrospective question. To change an "
    "answer, edit your message or use the form until it closes {closes}.",
    "retro.dm.none_open": "That retrospective is no longer open, so I didn't store that.",
    "retro.prompt.button": "Answer",
    "retro.form.title": "Retrospective",
    "retro.form.submit": "Send",
    "retro.form.cancel": "Cancel",
    "retro.answered": "Thanks, your retrospective answers are in. You can change them until it "
    "closes {closes}.",
    "retro.summary.title": "*Retrospective · {name} · {day}* ({answered} of {asked} answered)",
    "retro.summary.question": "*{question}*",
    "retro.summary.answer": "• <@{user}>: {text}",
    "retro.summary.nobody": "_No answers._",
    "retro.summary.lessons": "{count} lesson(s) recorded; `/lesson list team:{team}` shows them.",
}

# Simplified Chinese, for the zh-CN catalog (bot/core/messages/zh_cn.py on main merges it).
ZH = {
    "usage.retro": "`/retro start ID`（团队主管或管理员）· `/retro help`",
    "help.retro": (
        "*/retro 负责回顾会。* 每个 `[[retros]]` 在其时间、按每位成员自己的时区向团队成员"
        "提问；回顾会结束时（第二天同一时间，或所有人都回答后）答案发布到团队频道，"
        "经验问题的答案会成为经验（`/lesson search` 可以找到）。\n{usage}"
    ),
    "retro.error.unknown": "没有回顾会 `{retro}`。回顾会有：{retros}。",
    "retro.error.no_id": "请说明要开始哪个回顾会：`/retro start ID`（{retros}）。",
    "retro.error.forbidden": "只有 {team} 的主管（<@{lead}>）或管理员可以开始 `{retro}`。",
    "retro.error.running": "`{retro}` 已经在进行中；它将于 {closes} 结束。",
    "retro.error.closed": "这次回顾会已经结束；你的回答没有改变。",
    "retro.error.not_yours": "这条回顾会提问是别人的。",
    "retro.started": "已开始 `{retro}`：向 {count} 人提问。它将于 {closes} 结束。",
    "retro.prompt": "*回顾会 · {name}*\n请在这里回复，每个问题一条消息，或使用表单；"
    "在 {closes} 结束前可以编辑消息或重新打开表单来修改回答。\n{questions}",
    "retro.question": "*{n}/{total}* {question}",
    "retro.dm.empty": "我只能保存文字回答。请把你的回答作为消息发送。",
    "retro.dm.all_answered": "你已经回答了所有回顾会问题。在 {closes} 结束前，"
    "可以编辑消息或使用表单修改回答。",
    "retro.dm.none_open": "那次回顾会已经不再进行，所以我没有保存这条消息。",
    "retro.prompt.button": "回答",
    "retro.form.title": "回顾会",
    "retro.form.submit": "提交",
    "retro.form.cancel": "取消",
    "retro.answered": "谢谢，已收到你的回顾会回答。在 {closes} 结束前可以修改。",
    "retro.summary.title": "*回顾会 · {name} · {day}*（{asked} 人中 {answered} 人已回答）",
    "retro.summary.question": "*{question}*",
    "retro.summary.answer": "• <@{user}>：{text}",
    "retro.summary.nobody": "_没有回答。_",
    "retro.summary.lessons": "已记录 {count} 条经验；`/lesson list team:{team}` 可以查看。",
}
