" Charter files: *.charter (editors/nvim/README.md). Set, not `setfiletype`:
" a file that starts with a `#` comment is otherwise taken for `conf`.
autocmd BufRead,BufNewFile *.charter set filetype=charter
