"""The checklist itself: sections with their items, each item behind a marker.

Labels are drawn from the state store when a line is painted, so a change redraws only its own
line and its section's heading (:meth:`ChecklistTree.refresh_item`); the tree is rebuilt only
when the filter changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from launchtui.catalog import Item, Section
from launchtui.state import StateStore
from launchtui.text_safety import markup_text, one_line
from launchtui.tui.filtering import ChecklistFilter
from launchtui.tui.keys import CHECKLIST_KEYS
from launchtui.tui.markers import DISAGREEMENT_FLAG, Mark, mark_of
from launchtui.tui.messages import ItemActivated

Entry = Section | Item
"""What a tree node holds: a section heading or an item."""

_TOGGLE = Style.from_meta({"toggle": True})  # Tree folds a node when this part is clicked


@dataclass(frozen=True, slots=True)
class SectionStats:
    """A section's counts: items closed (done or not applicable), all items, failing probes."""

    closed: int
    total: int
    failing: int


def _fold_key(entry: Entry) -> str:
    # Section and item ids come from separate namespaces in a Markdown checklist.
    return f"{'s' if isinstance(entry, Section) else 'i'}:{entry.id}"


def _mark_css() -> str:
    rules = "\n".join(f"    & > .{mark.component} {{ {mark.css} }}" for mark in Mark)
    return f"ChecklistTree {{\n{rules}\n}}"


class ChecklistTree(Tree[Entry], inherit_bindings=False):
    """Sections and items with their markers; the cursor starts on the first item."""

    BINDINGS: ClassVar[list[BindingType]] = [key.binding() for key in CHECKLIST_KEYS]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(mark.component for mark in Mark),
        "checklist--flag",
        "checklist--section",
        "checklist--count",
        "checklist--count-complete",
    }

    DEFAULT_CSS = (
        _mark_css()
        + """
    ChecklistTree {
        /* Colours set both ways, so the flag reads the same on the cursor line. */
        & > .checklist--flag { color: $background; background: $text-error; text-style: bold; }
        & > .checklist--section { text-style: bold; }
        /* Not $text-muted: an "auto" colour, which a label's style cannot resolve (white). */
        & > .checklist--count { color: $foreground-muted; }
        & > .checklist--count-complete { color: $text-success; }
    }
    """
    )

    def __init__(self, store: StateStore, *, id: str | None = None) -> None:
        super().__init__("checklist", id=id)
        self.store = store
        self.border_title = markup_text(store.catalog.name)  # a border title is markup
        self.show_root = False
        self.auto_expand = False  # enter and clicks are handled below: fold a section, tick an item
        self.guide_depth = 3
        self.filter = ChecklistFilter()
        self._item_nodes: dict[str, TreeNode[Entry]] = {}
        self._section_nodes: dict[str, TreeNode[Entry]] = {}
        self._folded: set[str] = set()
        self._stats: dict[str, SectionStats] = {}

    def on_mount(self) -> None:
        """Show the whole checklist, every section unfolded, the cursor on the first item."""
        self.populate(self.filter)

    # -- building ------------------------------------------------------------------------------

    def populate(self, checklist_filter: ChecklistFilter, *, keep: Entry | None = None) -> None:
        """Show the items the filter accepts (with their parents), keeping the cursor on ``keep``
        if it is still shown, else putting it on the first item shown."""
        self.filter = checklist_filter
        self.clear()
        self._item_nodes.clear()
        self._section_nodes.clear()
        for section in self.store.catalog.sections:
            visible = [i for i in section.items if self._shows(i)]
            if not visible and checklist_filter.active:
                continue
            node = self.root.add(
                Text(one_line(section.title)),
                section,
                expand=_fold_key(section) not in self._folded,
            )
            self._section_nodes[section.id] = node
            self._add_items(node, visible)
        target = None if keep is None else self.node_of(keep)
        if target is None:
            target = self._first_visible_item() or self.get_node_at_line(0)
        self.select_entry(target)

    def _first_visible_item(self) -> TreeNode[Entry] | None:
        for node in self._item_nodes.values():
            parent = node.parent
            while parent is not None and not parent.is_root and parent.is_expanded:
                parent = parent.parent
            if parent is not None and parent.is_root:
                return node
        return None

    def _shows(self, item: Item) -> bool:
        if not self.filter.active:
            return True
        return self.filter.accepts(item, self.store.item(item.id)) or any(
            self._shows(child) for child in item.children
        )

    def _add_items(self, parent: TreeNode[Entry], items: list[Item]) -> None:
        for item in items:
            children = [c for c in item.children if self._shows(c)]
            node = parent.add(
                Text(one_line(item.title)),
                item,
                expand=_fold_key(item) not in self._folded,
                allow_expand=bool(children),
            )
            self._item_nodes[item.id] = node
            self._add_items(node, children)

    def node_of(self, entry: Entry | str) -> TreeNode[Entry] | None:
        """The node showing a section or an item (or the item with this id), if it is shown."""
        if isinstance(entry, Section):
            return self._section_nodes.get(entry.id)
        return self._item_nodes.get(entry if isinstance(entry, str) else entry.id)

    def select_item(self, item_id: str) -> bool:
        """Put the cursor on an item, if the filter shows it."""
        node = self.node_of(item_id)
        if node is not None:
            self.select_entry(node)
        return node is not None

    def select_entry(self, node: TreeNode[Entry] | None) -> None:
        """Put the cursor on ``node``, unfolding its parents (``None``: no cursor)."""
        if node is None:
            self.cursor_line = -1  # nothing to show: watchers still hear of it
            return
        parent = node.parent
        while parent is not None and not parent.is_root:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        _ = self.last_line  # lays the lines out so that the node knows its line
        self.move_cursor(node)
        # Scroll once the tree knows its height (on mount it does not yet).
        self.call_after_refresh(self._reveal, node)

    def _reveal(self, node: TreeNode[Entry]) -> None:
        # The parent first, so an item near the top of a section shows its heading too.
        if node.parent is not None and not node.parent.is_root:
            self.scroll_to_node(node.parent, animate=False)
        self.scroll_to_node(node, animate=False)

    def on_resize(self) -> None:
        """Keep the cursor in sight when the tree gets smaller (the terminal shrank, the detail
        pane moved under it): space must never change an item that cannot be seen."""
        self.call_after_refresh(self._cursor_into_view)

    def _cursor_into_view(self) -> None:
        node = self.cursor_node
        if node is not None:
            self.scroll_to_node(node, animate=False)

    # -- reading -------------------------------------------------------------------------------

    @property
    def current(self) -> Entry | None:
        """The section or item under the cursor."""
        node = self.cursor_node
        return None if node is None else node.data

    @property
    def current_item(self) -> Item | None:
        """The item under the cursor, if the cursor is on an item."""
        entry = self.current
        return entry if isinstance(entry, Item) else None

    @property
    def shown_items(self) -> list[str]:
        """The ids of the items in the tree (filtered, folded ones included), in order."""
        return list(self._item_nodes)

    def section_stats(self, section: Section) -> SectionStats:
        """Counts for a section heading (cached until one of its items changes)."""
        stats = self._stats.get(section.id)
        if stats is None:
            closed = failing = total = 0
            for item in section.walk():
                state = self.store.item(item.id)
                total += 1
                closed += state.closed
                failing += state.probe_fails
            stats = self._stats[section.id] = SectionStats(closed, total, failing)
        return stats

    # -- redrawing -----------------------------------------------------------------------------

    def refresh_item(self, item_id: str) -> None:
        """Redraw one item's line and its section's heading; nothing else is touched."""
        node = self._item_nodes.get(item_id)
        if node is not None:
            node.refresh()
        section_id = self.store.catalog.item(item_id).section_id
        self._stats.pop(section_id, None)
        section_node = self._section_nodes.get(section_id)
        if section_node is not None:
            section_node.refresh()

    def get_label_width(self, node: TreeNode[Entry]) -> int:
        # Labels fit themselves to the width (see render_label), so the tree never scrolls
        # sideways; this also spares Tree from rendering every label to measure it.
        return 1

    def render_label(self, node: TreeNode[Entry], base_style: Style, style: Style) -> Text:
        """A section heading with its counts, or an item's marker, title and flag."""
        entry = node.data
        prefix = Text()
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            prefix.append(icon, base_style + _TOGGLE)
        depth = 0
        parent = node.parent
        while parent is not None and not parent.is_root:
            depth += 1
            parent = parent.parent
        # One cell is left free on the right, so counts never touch the border or scrollbar.
        room = self.scrollable_content_region.width - depth * self.guide_depth - len(prefix) - 1
        label = node.label if isinstance(node.label, Text) else Text(str(node.label))
        if isinstance(entry, Section):
            return prefix + self._section_label(entry, label, style, room)
        assert isinstance(entry, Item)
        return prefix + self._item_label(entry, label, style, room)

    def _section_label(self, section: Section, title: Text, style: Style, room: int) -> Text:
        stats = self.section_stats(section)
        count = Text(f" {stats.closed}/{stats.total}")
        complete = stats.closed == stats.total
        count.stylize(
            self.get_component_rich_style(
                "checklist--count-complete" if complete else "checklist--count", partial=True
            )
        )
        if stats.failing:
            count.append(
                f" ✗{stats.failing}",
                self.get_component_rich_style(Mark.FAILING.component, partial=True),
            )
        heading = title.copy()
        heading.stylize(self.get_component_rich_style("checklist--section", partial=True))
        heading.truncate(max(1, room - count.cell_len - 1), overflow="ellipsis")
        gap = max(1, room - heading.cell_len - count.cell_len)
        line = Text.assemble(heading, " " * gap, count)
        line.stylize(style)
        return line

    def _item_label(self, item: Item, title: Text, style: Style, room: int) -> Text:
        state = self.store.item(item.id)
        mark = mark_of(state)
        marker = Text(mark.glyph, self.get_component_rich_style(mark.component, partial=True))
        flag = Text()
        if state.disagrees:
            flag = Text(
                DISAGREEMENT_FLAG, self.get_component_rich_style("checklist--flag", partial=True)
            )
        text = title.copy()
        text.truncate(max(1, room - len(mark.glyph) - 1 - flag.cell_len), overflow="ellipsis")
        line = Text.assemble(marker, " ", text, flag)
        line.stylize_before(style)
        return line

    # -- moving and folding --------------------------------------------------------------------

    def action_fold(self) -> None:
        """Fold the node under the cursor, or go up to its parent if it is folded or a leaf."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            self.move_cursor(node.parent)

    def action_unfold(self) -> None:
        """Unfold the node under the cursor, or step into it if it is already unfolded."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if node.is_collapsed:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def toggle_fold(self, node: TreeNode[Entry] | None = None) -> None:
        """Fold or unfold a node (the one under the cursor by default)."""
        node = node or self.cursor_node
        if node is not None and node.allow_expand:
            node.toggle()

    def set_all_folded(self, folded: bool) -> None:
        """Fold or unfold every section."""
        for node in self._section_nodes.values():
            if folded:
                node.collapse()
            else:
                node.expand()
        if folded and self.cursor_node is not None:
            section_id = self._section_of(self.cursor_node)
            if section_id in self._section_nodes:
                self.move_cursor(self._section_nodes[section_id])

    def _section_of(self, node: TreeNode[Entry]) -> str | None:
        entry = node.data
        if isinstance(entry, Section):
            return entry.id
        return None if entry is None else entry.section_id

    # -- events --------------------------------------------------------------------------------

    @on(Tree.NodeCollapsed)
    def _remember_folded(self, event: Tree.NodeCollapsed[Entry]) -> None:
        event.stop()
        if event.node.data is not None:
            self._folded.add(_fold_key(event.node.data))

    @on(Tree.NodeExpanded)
    def _remember_unfolded(self, event: Tree.NodeExpanded[Entry]) -> None:
        event.stop()
        if event.node.data is not None:
            self._folded.discard(_fold_key(event.node.data))

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Entry]) -> None:
        event.stop()
        entry = event.node.data
        if isinstance(entry, Item):
            self.post_message(ItemActivated(entry.id))
        else:
            self.toggle_fold(event.node)
