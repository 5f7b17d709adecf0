package storage

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/net/html"
)

// Task lists: <ac:task-list> ⇄ "- [ ]" / "- [x]" items. Confluence stores a
// nested task list as a sibling following its parent task, not inside it.

// taskList rewrites <ac:task-list> into a <ul> whose items carry their
// status; a nested task list is attached to the task before it.
func (r *rewriter) taskList(n *html.Node) *html.Node {
	ul := newElement("ul")
	var last *html.Node
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case isElement(c, "ac:task"):
			status := "incomplete"
			if s := child(c, "ac:task-status"); s != nil && strings.TrimSpace(textContent(s)) == "complete" {
				status = "complete"
			}
			li := newElement("li", attrTask, status)
			if body := child(c, "ac:task-body"); body != nil {
				moveChildren(body, li)
			}
			ul.AppendChild(li)
			last = li
		case isElement(c, "ac:task-list", "ul", "ol"):
			n.RemoveChild(c)
			if last == nil {
				last = newElement("li")
				ul.AppendChild(last)
			}
			last.AppendChild(c)
		}
		c = next
	}
	return r.replace(n, ul, true)
}

// taskBox returns the check box that makes a list item a task.
func taskBox(item ast.Node) *east.TaskCheckBox {
	if first := item.FirstChild(); first != nil {
		box, _ := first.FirstChild().(*east.TaskCheckBox)
		return box
	}
	return nil
}

// task writes one task. Nested task lists follow the task, as Confluence
// stores them; other nested blocks go into the task body.
func (w *storageWriter) task(item ast.Node, box *east.TaskCheckBox) {
	w.taskID++
	status := "incomplete"
	if box.IsChecked {
		status = "complete"
	}
	w.buf.WriteString("<ac:task><ac:task-id>" + strconv.Itoa(w.taskID) + "</ac:task-id><ac:task-status>" +
		status + "</ac:task-status><ac:task-body>")
	first := item.FirstChild()
	if t, ok := box.NextSibling().(*ast.Text); ok {
		// Drop the space after the box.
		seg := t.Segment
		for seg.Start < seg.Stop && (w.src[seg.Start] == ' ' || w.src[seg.Start] == '\t') {
			seg.Start++
		}
		t.Segment = seg
	}
	w.inlines(box.NextSibling())
	var nestedTasks []ast.Node
	for c := first.NextSibling(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.List); ok && taskBox(l.FirstChild()) != nil {
			nestedTasks = append(nestedTasks, c)
			continue
		}
		w.block(c)
	}
	w.buf.WriteString("</ac:task-body></ac:task>")
	for _, l := range nestedTasks {
		w.block(l)
	}
}
