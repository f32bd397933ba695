"""The awk grammar as a recursive-descent parser over :func:`tokenize`'s tokens."""

from __future__ import annotations

from state.shell.commands._awk_parse import AwkSyntaxError, Node, Token, tokenize, unescape

_ASSIGN = {"=", "+=", "-=", "*=", "/=", "%=", "^=", "**="}
_COMPARE = {"<", "<=", "==", "!=", ">", ">="}
_STARTS_OPERAND = {"num", "str", "name", "funcname", "builtin"}


class Parser:
    def __init__(self, source: str) -> None:
        self.tokens: list[Token] = tokenize(source)
        self.at = 0

    # -- tokens ---------------------------------------------------------------------------------

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def is_(self, *texts: str) -> bool:
        return self.token.kind in ("op", "keyword") and self.token.text in texts

    def take(self) -> Token:
        token = self.token
        self.at += 1
        return token

    def expect(self, text: str) -> Token:
        if not self.is_(text):
            raise self.error()
        return self.take()

    def error(self) -> AwkSyntaxError:
        near = self.token.text or "end of file"
        if self.token.kind == "newline":
            near = "end of line"
        return AwkSyntaxError(f"line {self.token.line}: syntax error at or near {near}")

    def newlines(self) -> None:
        while self.token.kind == "newline":
            self.take()

    def terminators(self) -> None:
        while self.token.kind == "newline" or self.is_(";"):
            self.take()

    # -- program --------------------------------------------------------------------------------

    def program(self) -> Node:
        items: list[Node] = []
        self.terminators()
        while self.token.kind != "eof":
            items.append(self.item())
            self.terminators()
        return Node("program", items)

    def item(self) -> Node:
        if self.is_("BEGIN", "END"):
            kind = self.take().text.lower()
            self.newlines()
            return Node(kind, [self.block()])
        if self.is_("function"):
            return self.function()
        pattern = None if self.is_("{") else self.expression()
        if pattern is not None and self.is_(","):
            self.take()
            self.newlines()
            second = self.expression()
            action = self.block() if self.is_("{") else Node("empty")
            return Node("range", [pattern, second, action])
        action = self.block() if self.is_("{") else Node("empty")
        return Node("rule", [pattern or Node("empty"), action])

    def function(self) -> Node:
        self.take()
        name = self.take()
        if name.kind not in ("name", "funcname"):
            raise self.error()
        self.expect("(")
        params: list[Node] = []
        while not self.is_(")"):
            params.append(Node("param", text=self.take().text))
            if self.is_(","):
                self.take()
                self.newlines()
        self.expect(")")
        self.newlines()
        return Node("function", [*params, self.block()], text=name.text)

    # -- statements -----------------------------------------------------------------------------

    def block(self) -> Node:
        self.expect("{")
        statements: list[Node] = []
        self.terminators()
        while not self.is_("}"):
            statements.append(self.statement())
            self.terminators()
        self.take()
        return Node("block", statements)

    def simple_end(self) -> None:
        if self.is_(";") or self.token.kind == "newline":
            self.take()
        elif not self.is_("}") and self.token.kind != "eof":
            raise self.error()

    def statement(self) -> Node:
        if self.is_("{"):
            return self.block()
        if self.is_("if"):
            return self.if_statement()
        if self.is_("while"):
            self.take()
            condition = self.condition()
            return Node("while", [condition, self.body()])
        if self.is_("do"):
            self.take()
            self.newlines()
            body = self.statement()
            self.terminators()
            self.expect("while")
            node = Node("do", [body, self.condition()])
            self.simple_end()
            return node
        if self.is_("for"):
            return self.for_statement()
        node = self.simple_statement()
        self.simple_end()
        return node

    def condition(self) -> Node:
        self.expect("(")
        expression = self.expression()
        self.expect(")")
        return expression

    def body(self) -> Node:
        self.newlines()
        if self.is_(";"):
            self.take()
            return Node("block")
        return self.statement()

    def if_statement(self) -> Node:
        self.take()
        condition = self.condition()
        then = self.body()
        save = self.at
        self.terminators()
        if self.is_("else"):
            self.take()
            return Node("if", [condition, then, self.body()])
        self.at = save
        return Node("if", [condition, then])

    def for_statement(self) -> Node:
        self.take()
        self.expect("(")
        if self.token.kind == "name" and self.tokens[self.at + 1].text == "in":
            save = self.at
            variable = self.take().text
            self.take()
            array = self.take()
            if self.is_(")"):
                self.take()
                return Node("forin", [Node("var", text=array.text), self.body()], text=variable)
            self.at = save
        init = Node("empty") if self.is_(";") else self.simple_statement()
        self.expect(";")
        self.newlines()
        condition = Node("empty") if self.is_(";") else self.expression()
        self.expect(";")
        self.newlines()
        step = Node("empty") if self.is_(")") else self.simple_statement()
        self.expect(")")
        return Node("for", [init, condition, step, self.body()])

    def simple_statement(self) -> Node:
        token = self.token
        if self.is_("print", "printf"):
            return self.print_statement()
        if self.is_("next", "nextfile", "break", "continue"):
            return Node(self.take().text)
        if self.is_("exit", "return"):
            self.take()
            ends = self.is_(";", "}") or self.token.kind in ("newline", "eof")
            return Node(token.text, [] if ends else [self.expression()])
        if self.is_("delete"):
            self.take()
            name = self.take().text
            subscripts = self.subscripts() if self.is_("[") else []
            return Node("delete", subscripts, text=name)
        return Node("expr", [self.expression()])

    def print_statement(self) -> Node:
        kind = self.take().text
        args: list[Node] = []
        if not (self.is_(";", "}", ">", ">>", "|") or self.token.kind in ("newline", "eof")):
            args = self.expression_list(no_gt=True)
            if len(args) == 1 and args[0].kind == "group":
                args = args[0].children
        if self.is_(">", ">>", "|"):
            how = self.take().text
            args.append(Node("redirect", [self.concatenation(no_gt=True)], text=how))
        return Node(kind, args)

    def expression_list(self, no_gt: bool = False) -> list[Node]:
        items = [self.expression(no_gt)]
        while self.is_(","):
            self.take()
            self.newlines()
            items.append(self.expression(no_gt))
        return items

    def subscripts(self) -> list[Node]:
        self.expect("[")
        items = self.expression_list()
        self.expect("]")
        return items

    # -- expressions ----------------------------------------------------------------------------

    def expression(self, no_gt: bool = False) -> Node:
        left = self.ternary(no_gt)
        if self.is_(*_ASSIGN):
            if left.kind not in ("var", "field", "index"):
                raise self.error()
            op = self.take().text
            self.newlines()
            return Node("assign", [left, self.expression(no_gt)], text=op)
        return left

    def ternary(self, no_gt: bool) -> Node:
        condition = self.logical_or(no_gt)
        if not self.is_("?"):
            return condition
        self.take()
        self.newlines()
        then = self.expression(no_gt)
        self.newlines()
        self.expect(":")
        self.newlines()
        return Node("cond", [condition, then, self.expression(no_gt)])

    def logical_or(self, no_gt: bool) -> Node:
        left = self.logical_and(no_gt)
        while self.is_("||"):
            self.take()
            self.newlines()
            left = Node("or", [left, self.logical_and(no_gt)])
        return left

    def logical_and(self, no_gt: bool) -> Node:
        left = self.membership(no_gt)
        while self.is_("&&"):
            self.take()
            self.newlines()
            left = Node("and", [left, self.membership(no_gt)])
        return left

    def membership(self, no_gt: bool) -> Node:
        left = self.matching(no_gt)
        while self.is_("in"):
            self.take()
            keys = left.children if left.kind == "group" else [left]
            left = Node("in", keys, text=self.take().text)
        return left

    def matching(self, no_gt: bool) -> Node:
        left = self.comparison(no_gt)
        while self.is_("~", "!~"):
            op = self.take().text
            left = Node("match", [left, self.comparison(no_gt)], text=op)
        return left

    def comparison(self, no_gt: bool) -> Node:
        left = self.concatenation(no_gt)
        if self.is_(*_COMPARE) and not (no_gt and self.is_(">")):
            op = self.take().text
            return Node("cmp", [left, self.concatenation(no_gt)], text=op)
        return left

    def concatenation(self, no_gt: bool = False) -> Node:
        left = self.additive()
        while self.token.kind in _STARTS_OPERAND or self.is_("$", "(", "++", "--"):
            left = Node("concat", [left, self.additive()])
        return left

    def additive(self) -> Node:
        left = self.multiplicative()
        while self.is_("+", "-"):
            op = self.take().text
            left = Node("binary", [left, self.multiplicative()], text=op)
        return left

    def multiplicative(self) -> Node:
        left = self.unary()
        while self.is_("*", "/", "%"):
            op = self.take().text
            left = Node("binary", [left, self.unary()], text=op)
        return left

    def unary(self) -> Node:
        if self.is_("!"):
            self.take()
            return Node("not", [self.unary()])
        if self.is_("-", "+"):
            op = self.take().text
            return Node("neg" if op == "-" else "plus", [self.unary()])
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.is_("^", "**"):
            self.take()
            return Node("binary", [base, self.unary()], text="^")
        return base

    def postfix(self) -> Node:
        if self.is_("++", "--"):
            op = self.take().text
            return Node("pre", [self.postfix()], text=op)
        node = self.primary()
        if self.is_("++", "--") and node.kind in ("var", "field", "index"):
            return Node("post", [node], text=self.take().text)
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "num":
            return Node("num", number=float(token.text))
        if token.kind == "str":
            return Node("str", text=unescape(token.text[1:-1]))
        if token.kind == "regex":
            return Node("regex", text=token.text)
        if token.text == "$" and token.kind == "op":
            return Node("field", [self.postfix()])
        if token.text == "(" and token.kind == "op":
            items = self.expression_list()
            self.expect(")")
            return items[0] if len(items) == 1 else Node("group", items)
        if token.kind == "name":
            if self.is_("["):
                return Node("index", self.subscripts(), text=token.text)
            return Node("var", text=token.text)
        if token.kind in ("funcname", "builtin"):
            return self.call(token)
        self.at -= 1
        raise self.error()

    def call(self, token: Token) -> Node:
        kind = "call" if token.kind == "funcname" else "builtin"
        if not self.is_("("):
            return Node(kind, [], text=token.text)
        self.take()
        args = [] if self.is_(")") else self.expression_list()
        self.expect(")")
        return Node(kind, args, text=token.text)


def parse_program(source: str) -> Node:
    """The tree of an awk program; :class:`AwkSyntaxError` when it cannot be read."""
    return Parser(source).program()
