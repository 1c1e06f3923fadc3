;;; emacs-startup.el --- what an interactive Emacs does before the driver runs  -*- lexical-binding: t -*-

;; `emacs --batch' reads no init file and activates no packages. An interactive
;; Emacs activates the installed packages (Debian's elpa-eglot among them) and
;; then loads ~/.emacs.d/init.el, which here holds README's set-up verbatim.

(package-activate-all)
(setq user-init-file (expand-file-name "~/.emacs.d/init.el"))
(load user-init-file nil t)
