" Charter's words, texts, numbers and comments, for Neovim without
" tree-sitter; `charter lsp` does the rest (editors/nvim/README.md).
if exists('b:current_syntax') | finish | endif

syntax keyword charterDeclaration alliance value principle tension member bloc goal body rule channel check scenario import let show assert
syntax keyword charterKeyword all any every where in and or not vs may must true false
syntax keyword charterItem mission stage balance kind class motivation weight holds joined contribution target members decides by quorum veto on about upholds opposes serves reaches add remove amend expect passes fails finding when else of
syntax keyword charterRule unanimity consensus majority simple qualified weighted quota
syntax match charterNumber /\<\d\+\(\.\d\+\)\?%\?/
syntax region charterString start=/"/ skip=/\\./ end=/"/ contains=charterEscape
syntax match charterEscape /\\[\\"nt]/ contained
syntax match charterSuppression /#\s*charter:.*$/
syntax match charterComment /#.*$/ contains=charterSuppression

highlight default link charterDeclaration Keyword
highlight default link charterKeyword Keyword
highlight default link charterItem Statement
highlight default link charterRule Constant
highlight default link charterNumber Number
highlight default link charterString String
highlight default link charterEscape SpecialChar
highlight default link charterComment Comment
highlight default link charterSuppression PreProc

let b:current_syntax = 'charter'
