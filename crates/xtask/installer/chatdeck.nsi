; The Windows installer of Chatdeck, built by `cargo xtask dist --windows` with makensis.
;
; A per-user install (no administrator rights): the app and the WebView2 loader beside it go to
; %LOCALAPPDATA%\Programs\Chatdeck, with Start menu and desktop shortcuts and an entry under
; "Installed apps" whose uninstaller removes all of it. The user's data (%APPDATA%\<identifier>)
; and logs (%LOCALAPPDATA%\<identifier>\logs) stay, as they do for any app uninstalled on
; Windows; the README says where they are.
;
; Defined on the makensis command line (crates/xtask/src/dist/windows.rs):
;   PRODUCT, IDENTIFIER, PUBLISHER, VERSION, VERSION_QUAD (four numbers), SOURCE_DIR (the
;   built exe and WebView2Loader.dll), ICON, OUTFILE, COMPRESSOR (lzma or zlib).

Unicode true
; 64-bit stubs: the app is 64-bit, and so the installer runs under a 64-bit-only Wine too.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID ${COMPRESSOR}
RequestExecutionLevel user

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
; chatdeck:// invite links open Chatdeck (per user, like the rest of the install); the app
; reads the link from its command line.
!define PROTOCOL_KEY "Software\Classes\chatdeck"
; The WebView2 Runtime's client id in EdgeUpdate, per machine or per user.
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_DOWNLOAD "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIAddVersionKey "ProductName" "${PRODUCT}"
VIAddVersionKey "FileDescription" "${PRODUCT} installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "LegalCopyright" "MIT OR Apache-2.0"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\chatdeck.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${PRODUCT}"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "Chatdeck"
  SetOutPath "$INSTDIR"
  File "${SOURCE_DIR}\chatdeck.exe"
  ; The MinGW build loads WebView2 through this DLL; it must sit beside the exe.
  File "${SOURCE_DIR}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\chatdeck.exe"
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\chatdeck.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$\"$INSTDIR\chatdeck.exe$\",0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegStr HKCU "${PROTOCOL_KEY}" "" "URL:Chatdeck invite link"
  WriteRegStr HKCU "${PROTOCOL_KEY}" "URL Protocol" ""
  WriteRegStr HKCU "${PROTOCOL_KEY}\DefaultIcon" "" "$\"$INSTDIR\chatdeck.exe$\",0"
  WriteRegStr HKCU "${PROTOCOL_KEY}\shell\open\command" "" "$\"$INSTDIR\chatdeck.exe$\" $\"%1$\""
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  ; Windows 10 and 11 ship the WebView2 Runtime; older or stripped systems may not have it.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    DetailPrint "The Microsoft Edge WebView2 Runtime was not found: ${WEBVIEW2_DOWNLOAD}"
    MessageBox MB_YESNO|MB_ICONINFORMATION "${PRODUCT} shows its window through the Microsoft Edge WebView2 Runtime, which this computer does not have yet.$\r$\n$\r$\nOpen Microsoft's download page for it now?" /SD IDNO IDNO webview2_done
      ExecShell "open" "${WEBVIEW2_DOWNLOAD}"
    webview2_done:
  ${EndIf}
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\chatdeck.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${PROTOCOL_KEY}"
SectionEnd
