// Package storage converts between Confluence storage format (the
// XHTML-based format of page bodies, with ac: and ri: elements) and
// Markdown, keeping the structure a reader or an LLM needs and that a
// page read as Markdown and written back does not lose.
//
// ToMarkdown parses storage leniently (see parseStorage), rewrites the
// Confluence elements into HTML plus a few private elements, and renders
// that with html-to-markdown. FromMarkdown parses GFM with goldmark and
// writes storage XHTML itself.
//
// Markdown conventions, shared with the Jira converters where they overlap:
//
//   - Mentions: [~accountid:ID] (Cloud), [~userkey:KEY] and [~username]
//     (Server/DC) both ways; @[Display Name](accountid:ID) is accepted too.
//   - Links to pages, blog posts, spaces and content ids use pseudo-URLs,
//     e.g. [Text](confluence-page:SPACE/Page%20Title#anchor); see uri.go.
//     Same-page anchors are [Text](#anchor).
//   - Attachments: ![alt](file.png) and [file.pdf](file.pdf) for the page's
//     own attachments; with ToMarkdownOptions.BaseURL and PageID they are
//     absolute download URLs instead, which FromMarkdownOptions.PageID maps
//     back. Absolute URLs are <ri:url> images and <a href> links.
//   - Code blocks: the code macro (and noformat, and <pre>) is a fenced block
//     whose info string is the language, plus title="…" if it has a title.
//   - Panels: info, note, warning and tip are GitHub alerts ("> [!INFO]"
//     etc.); [!ERROR], [!CAUTION] and [!DANGER] become warning, [!SUCCESS]
//     and [!HINT] tip, [!IMPORTANT] note. A title is a bold first line. A
//     panel macro is a plain blockquote starting with a bold title line (and
//     such a blockquote with more content after the title is a panel).
//   - expand is <details><summary>Title</summary> … </details>, except in
//     table cells, where it is a bold title followed by the content.
//   - Task lists are "- [ ]" / "- [x]" items.
//   - toc without parameters is a "[TOC]" paragraph. status is its title
//     in upper case, [IN PROGRESS] (as Confluence shows it), and such
//     upper-case brackets become status macros again (the colour is lost).
//     jira is the issue key as text (one way only). anchor disappears.
//     Layouts and unknown macros with a rich-text body are replaced by that
//     body. Any other macro is kept as a placeholder comment (see
//     placeholder.go) that FromMarkdown turns back into the macro; one with
//     a plain-text body is followed by that body as a fenced code block.
//   - Underline, subscript and superscript stay inline HTML (<u>, <sub>,
//     <sup>), which Markdown cannot express; FromMarkdown accepts these and
//     a few other inline tags and <br>, and rebuilds the block HTML it
//     knows from HTML blocks. Other raw HTML keeps only its text.
//   - Tables are GFM pipe tables. Cells hold one line, so blocks inside a
//     cell (paragraphs, lists, code) are joined with <br />; "- item" and
//     "1. item" lines in a cell become a list again. A table without a
//     header row gets an empty one, which FromMarkdown drops.
package storage
