// Package markup converts rich text between the Markdown the MCP clients
// speak and Jira's two storage formats: ADF (Atlassian Document Format, JSON,
// Jira Cloud REST v3) and wiki markup (Jira Server/DC REST v2).
//
// Markdown is parsed with goldmark (CommonMark plus the GFM tables,
// strikethrough, task list and autolink extensions). All conversions go
// through one tree of ADF nodes: Markdown and wiki markup are read into it,
// and Markdown, wiki markup and ADF are written from it, so every direction
// shares the same structure and conventions. Structure that a target cannot
// hold is turned into the closest thing it can (a heading inside a quote
// becomes bold text, a list inside a table cell becomes lines of text) rather
// than dropped.
//
// # Markdown conventions
//
// These are shared with the Confluence storage converter:
//
//   - Mentions: @[Display Name](accountid:ID), [~accountid:ID] and
//     [~username] are accepted. ADF mentions are written back as
//     @[Display Name](accountid:ID), or [~accountid:ID] without a name; wiki
//     mentions keep their [~accountid:ID] / [~username] form.
//   - Panels are GitHub alerts: a quote starting with [!INFO], [!NOTE],
//     [!WARNING], [!TIP] or [!ERROR] ([!CAUTION] reads as ERROR, [!SUCCESS]
//     as TIP, [!IMPORTANT] as NOTE). ADF panel types info, note, warning,
//     success and error map to them in that order; wiki has {info}, {note},
//     {warning} and {tip} (ERROR is written as {warning}), and
//     {panel:title=T} reads as a quote starting with **T**.
//   - Expands: <details><summary>Title</summary> … </details> is an ADF
//     expand; wiki {expand:Title} reads as one, and is written as a bold title
//     followed by the body.
//   - Underline, subscript and superscript are <u>, <sub> and <sup>.
//   - Task lists are - [ ] / - [x]; in wiki markup, which has none, they are
//     written and read as * [ ] / * [x] list items.
//   - Attachments and other ADF media are written as ![attachment](name or
//     id), so that they stay visible; status lozenges as [TEXT], dates as
//     YYYY-MM-DD, emoji as their text.
//   - Code blocks keep their language. Wiki output only names languages the
//     {code} macro of Jira Server/DC knows (common aliases are mapped, e.g.
//     js → javascript, cpp → c++); others get a plain {code} block.
//   - Tables are GFM tables. A table without a header row is written with an
//     empty one, which is dropped again when read. Blocks inside a cell are
//     joined with <br>, lists as "- item" / "1. item" lines, which become a
//     list again when read.
//   - Line breaks: a Markdown soft break is a space; a hard break (trailing
//     backslash) is an ADF hardBreak and a newline in wiki markup, where a
//     newline inside a paragraph is a line break.
package markup
