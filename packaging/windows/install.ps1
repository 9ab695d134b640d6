<#
.SYNOPSIS
Installs or upgrades syncwarden from this unpacked zip and registers its Windows service.

.DESCRIPTION
Run it from an elevated PowerShell in the unpacked folder:
    powershell -ExecutionPolicy Bypass -File .\install.ps1 -Account OFFICE\anna

1. An upgrade stops the running service or logon task first (node.exe cannot be replaced while it runs).
2. Copies the program (node.exe, WinSW as syncwarden-service.exe, bin, dist, node_modules, policies,
   schemas, web) into -Target, replacing the old program files; the service definition that
   "syncwarden service install" wrote there stays. A policies folder edited on the server is kept as
   policies.<time>.bak.
3. Keeps an existing -DataDir\config.json5. A first install gets it from config.template.json5 and stops
   there, so that left and right are set before anything runs: edit it, then run install.ps1 again.
4. With -Account, lets that account change -DataDir\state and -DataDir\logs.
5. Checks the config (syncwarden validate), then registers the service with
       node.exe bin\syncwarden service install --config <config> --mode <Mode> [--user <Account>]
   asking for the account's password (service mode; passed in SYNCWARDEN_SERVICE_PASSWORD, never on a
   command line). An upgrade of a service or task that is already registered starts it again instead.

.PARAMETER Target
Install folder (default: C:\Program Files\syncwarden).

.PARAMETER DataDir
Folder of config.json5, state and logs (default: C:\ProgramData\syncwarden).

.PARAMETER Account
The Windows account the service runs as: the user whose session sees P:, e.g. OFFICE\anna.

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
  [string]$DataDir = (Join-Path $env:ProgramData 'syncwarden'),
  [string]$Account = '',
  [ValidateSet('service', 'task')][string]$Mode = 'service',
  [string[]]$ServiceArgs = @(),
  [switch]$NoService,
  [string]$ServiceName = 'syncwarden'
)

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'

$source = $PSScriptRoot
$program = @('node.exe', 'syncwarden-service.exe', 'bin', 'dist', 'node_modules', 'schemas', 'web', 'package.json',
  'BUILD.json', 'README.md', 'config.template.json5', 'install.ps1')
$config = Join-Path $DataDir 'config.json5'

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
    Write-Host "Your edited policies are kept in $kept (set policies.dir in config.json5 to a folder of your own to keep them in force)."
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

function Register-Syncwarden {
  $arguments = @('service', 'install', '--config', $config, '--mode', $Mode)
  if ($Account) { $arguments += @('--user', $Account) }
  $asked = $Mode -eq 'service' -and $Account -and -not $env:SYNCWARDEN_SERVICE_PASSWORD
  if ($asked) {
    $credential = Get-Credential -UserName $Account -Message "Password of $Account (WinSW registers the service with it; it is not kept)"
    $env:SYNCWARDEN_SERVICE_PASSWORD = $credential.GetNetworkCredential().Password
  }
  try { $code = Invoke-Syncwarden ($arguments + $ServiceArgs) }
  finally { if ($asked) { Remove-Item Env:SYNCWARDEN_SERVICE_PASSWORD } }
  if ($code -ne 0) { throw "syncwarden service install failed (exit $code): see its message above." }
}

# log.eventLog writes through eventcreate.exe, which can create its source only when elevated (a service
# account usually is not): the source is registered here, once. A failure only costs the Event Log entries.
function Register-EventSource {
  try {
    if (-not [Diagnostics.EventLog]::SourceExists('syncwarden')) {
      & (Join-Path $env:SystemRoot 'System32\eventcreate.exe') /L APPLICATION /T INFORMATION /SO syncwarden /ID 1 /D 'syncwarden installed: event source registered' | Out-Null
    }
  } catch { Write-Host "Could not register the Event Log source syncwarden ($($_.Exception.Message)); log.eventLog will write nothing." }
}

Assert-Admin
$service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
$task = Get-ScheduledTask -TaskName $ServiceName -ErrorAction SilentlyContinue
$registered = $null -ne $service -or $null -ne $task
$wasRunning = ($null -ne $service -and $service.Status -ne 'Stopped') -or ($null -ne $task -and $task.State -eq 'Running')
if ($wasRunning) {
  Write-Host "Stopping $ServiceName for the upgrade..."
  if ($null -ne $service) { Stop-Service -Name $ServiceName; $service.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(90)) }
  if ($null -ne $task) { Stop-ScheduledTask -TaskName $ServiceName }
}

$sameFolder = (Test-Path -LiteralPath $Target) -and ((Resolve-Path -LiteralPath $Target).Path.TrimEnd('\') -eq $source.TrimEnd('\'))
if (-not $sameFolder) {
  try { Copy-Program }
  catch { throw "Copying into $Target failed: $($_.Exception.Message). Is syncwarden still running (the logon task, or a command window)? Stop it and run install.ps1 again." }
  Write-Host "Program files copied to $Target."
}

Register-EventSource
foreach ($dir in @($DataDir, (Join-Path $DataDir 'state'), (Join-Path $DataDir 'logs'))) { New-Item -ItemType Directory -Force -Path $dir | Out-Null }
if ($Account) {
  foreach ($dir in @((Join-Path $DataDir 'state'), (Join-Path $DataDir 'logs'))) {
    & icacls.exe $dir /grant "${Account}:(OI)(CI)M" | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "icacls could not give $Account Modify on $dir (exit $LASTEXITCODE)." }
  }
}

if (-not (Test-Path -LiteralPath $config)) {
  Copy-Item -LiteralPath (Join-Path $Target 'config.template.json5') -Destination $config
  Write-Host "New config: $config. Set left and right (and email), then run install.ps1 again to register the service."
  exit 0
}
Write-Host "Keeping your config: $config."

if ((Invoke-Syncwarden @('validate', '--config', $config)) -ne 0) {
  throw "The config does not validate (see above): fix $config and run install.ps1 again."
}
if ($NoService) { exit 0 }

if ($registered) {
  if (-not $wasRunning) { Write-Host "$ServiceName is registered and stopped; start it when ready."; exit 0 }
  if ($null -ne $service) { Start-Service -Name $ServiceName }
  if ($null -ne $task) { Start-ScheduledTask -TaskName $ServiceName }
  Write-Host "$ServiceName started again."
  exit 0
}
Register-Syncwarden
Write-Host "syncwarden is installed in $Target; its config, state and logs are in $DataDir."
