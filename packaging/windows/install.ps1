<#
.SYNOPSIS
Installs or upgrades syncwarden from this unpacked zip and registers its Windows service.

.DESCRIPTION
Run it from an elevated PowerShell in the unpacked folder:
    powershell -ExecutionPolicy Bypass -File .\install.ps1

1. An upgrade stops the running service first (node.exe cannot be replaced while it runs).
2. Copies the program (node.exe, WinSW, bin, dist, node_modules, policies, schemas) into -Target, replacing
   the old program files. A policies folder edited on the server is kept as policies.<time>.bak.
3. Keeps an existing config.json5. A first install gets config.json5 from config.template.json5 and stops
   there, so that left and right are set before anything runs: edit it, then run install.ps1 again.
4. Creates C:\ProgramData\syncwarden (state and logs); with -Account, lets that account change it.
5. Checks the config (syncwarden validate), then registers the service with
       node.exe bin\syncwarden service install --config config.json5 --mode <Mode>
   An upgrade of a service that is already registered starts it again instead.

.PARAMETER Target
Install folder (default: C:\Program Files\syncwarden).

.PARAMETER Account
The Windows account the service runs as (the user whose session sees P:), e.g. OFFICE\sync. It gets
Modify on C:\ProgramData\syncwarden.

.PARAMETER Mode
service (a Windows service, through WinSW) or task (a per-user scheduled task "at log on").

.PARAMETER ServiceArgs
More arguments for "syncwarden service install", passed as they are.

.PARAMETER NoService
Copy the files and keep or create the config, but register nothing.
#>
[CmdletBinding()]
param(
  [string]$Target = (Join-Path $env:ProgramFiles 'syncwarden'),
  [string]$Account = '',
  [ValidateSet('service', 'task')][string]$Mode = 'service',
  [string[]]$ServiceArgs = @(),
  [switch]$NoService,
  [string]$ServiceName = 'syncwarden'
)

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'

$source = $PSScriptRoot
$program = @('node.exe', 'syncwarden-service.exe', 'syncwarden-service.exe.config', 'bin', 'dist', 'node_modules',
  'schemas', 'package.json', 'BUILD.json', 'README.md', 'config.template.json5', 'install.ps1')
$dataDir = Join-Path $env:ProgramData 'syncwarden'

function Assert-Admin {
  $me = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
  if (-not $me.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'install.ps1 needs an elevated PowerShell (Run as administrator).'
  }
}

function Test-SameTree([string]$a, [string]$b) {
  $hashes = { param($dir) Get-ChildItem -LiteralPath $dir -Recurse -File | ForEach-Object {
      $_.FullName.Substring($dir.Length) + ' ' + (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash } }
  return ((@(& $hashes $a | Sort-Object)) -join "`n") -eq ((@(& $hashes $b | Sort-Object)) -join "`n")
}

function Copy-Program {
  New-Item -ItemType Directory -Force -Path $Target | Out-Null
  foreach ($item in $program) {
    $to = Join-Path $Target $item
    if (Test-Path -LiteralPath $to) { Remove-Item -LiteralPath $to -Recurse -Force }
    Copy-Item -LiteralPath (Join-Path $source $item) -Destination $to -Recurse
  }
  # Policies are data an admin may have edited: a changed folder is set aside, never overwritten.
  $policies = Join-Path $Target 'policies'
  if ((Test-Path -LiteralPath $policies) -and -not (Test-SameTree $policies (Join-Path $source 'policies'))) {
    $kept = "$policies.$(Get-Date -Format 'yyyyMMdd-HHmmss').bak"
    Move-Item -LiteralPath $policies -Destination $kept
    Write-Host "Your edited policies are kept in $kept (point policies.dir in config.json5 at a folder of your own to keep them in force)."
  }
  if (Test-Path -LiteralPath $policies) { Remove-Item -LiteralPath $policies -Recurse -Force }
  Copy-Item -LiteralPath (Join-Path $source 'policies') -Destination $policies -Recurse
}

# Its output goes to the console, not into the return value; its stderr is text, not a terminating error.
function Invoke-Syncwarden([string[]]$arguments) {
  $ErrorActionPreference = 'Continue'
  & (Join-Path $Target 'node.exe') (Join-Path $Target 'bin\syncwarden') @arguments | Out-Host
  return $LASTEXITCODE
}

Assert-Admin
$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
$wasRunning = $null -ne $existing -and $existing.Status -ne 'Stopped'
if ($wasRunning) {
  Write-Host "Stopping service $ServiceName for the upgrade..."
  Stop-Service -Name $ServiceName
  $existing.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(90))
}

$sameFolder = (Test-Path -LiteralPath $Target) -and ((Resolve-Path -LiteralPath $Target).Path.TrimEnd('\') -eq $source.TrimEnd('\'))
if (-not $sameFolder) {
  try { Copy-Program }
  catch { throw "Copying into $Target failed: $($_.Exception.Message). Is syncwarden still running (a scheduled task, or a command window)? Stop it and run install.ps1 again." }
  Write-Host "Program files copied to $Target."
}

New-Item -ItemType Directory -Force -Path $dataDir | Out-Null
if ($Account) {
  & icacls.exe $dataDir /grant "${Account}:(OI)(CI)M" | Out-Null
  if ($LASTEXITCODE -ne 0) { throw "icacls could not give $Account Modify on $dataDir (exit $LASTEXITCODE)." }
}

$config = Join-Path $Target 'config.json5'
if (-not (Test-Path -LiteralPath $config)) {
  Copy-Item -LiteralPath (Join-Path $Target 'config.template.json5') -Destination $config
  Write-Host "New config: $config. Set left, right (and email), then run install.ps1 again to register the service."
  exit 0
}
Write-Host "Keeping your config: $config."

if ((Invoke-Syncwarden @('validate', '--config', $config)) -ne 0) {
  throw "The config does not validate (see above): fix $config and run install.ps1 again."
}
if ($NoService) { exit 0 }

if ($null -ne $existing) {
  if ($wasRunning) { Start-Service -Name $ServiceName; Write-Host "Service $ServiceName started again." }
  else { Write-Host "Service $ServiceName is registered and stopped; start it from Services when ready." }
  exit 0
}
$code = Invoke-Syncwarden (@('service', 'install', '--config', $config, '--mode', $Mode) + $ServiceArgs)
if ($code -ne 0) { throw "syncwarden service install failed (exit $code): see its message above." }
Write-Host "syncwarden is installed in $Target."
